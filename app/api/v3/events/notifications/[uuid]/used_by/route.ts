import { getDb } from "@/db/client";
import { json, route } from "@/lib/api/http";
import { requireApiActor } from "@/lib/auth/current";
import { findOwnNotification } from "@/lib/notifications/queries";
import { notificationUuid, type TNotificationCtx } from "../../_params";

export const dynamic = "force-dynamic";

/** Nothing depends on a notification. */
export const GET = route(async (request: Request, ctx: TNotificationCtx) => {
  const actor = await requireApiActor(request);
  await findOwnNotification(await getDb(), actor.userId, await notificationUuid(ctx));
  return json([]);
});
