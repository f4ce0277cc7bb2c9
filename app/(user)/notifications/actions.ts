"use server";

import { z } from "zod";
import { deleteOwnNotification, markAllSeen, updateOwnNotification } from "@/lib/notifications/mutations";
import { defineAction } from "@/lib/server-actions/define-action";

const ZUuid = z.uuid({ error: "Must be a valid UUID." });

/** Every action works on the signed-in user's own notifications only. */
export const markSeenAction = defineAction(
  "user",
  z.object({ uuid: ZUuid, seen: z.boolean() }),
  async ({ actor, db, input }) => {
    await updateOwnNotification(db, actor.userId, input.uuid, { seen: input.seen });
    return null;
  },
);

export const markAllSeenAction = defineAction("user", z.object({}), async ({ actor, db }) => ({
  marked: await markAllSeen(db, actor.userId),
}));

export const deleteNotificationAction = defineAction(
  "user",
  z.object({ uuid: ZUuid }),
  async ({ actor, db, input }) => {
    await deleteOwnNotification(db, actor.userId, input.uuid);
    return null;
  },
);
