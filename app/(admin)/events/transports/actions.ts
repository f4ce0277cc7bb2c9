"use server";

import { z } from "zod";
import { AppError } from "@/lib/errors";
import { defineAction } from "@/lib/server-actions/define-action";
import { createTransport, deleteTransport, updateTransport } from "@/lib/transports/mutations";
import { transportUsedBy } from "@/lib/transports/queries";
import { tryTransport } from "@/lib/transports/try-transport";
import { ZTransportCreate } from "@/lib/transports/validation";
import { findUserById } from "@/lib/users/queries";

const ZUuid = z.object({ uuid: z.uuid({ error: "Must be a valid UUID." }) });

/** Create (no uuid) or replace (uuid) a transport; `keep_secret` leaves a stored signing secret as it is. */
export const saveTransportAction = defineAction(
  "admin",
  ZTransportCreate.extend({ uuid: z.uuid().optional(), keep_secret: z.boolean().default(false) }),
  async ({ actor, db, input }) => {
    const { uuid, keep_secret: keepSecret, ...fields } = input;
    const values = keepSecret ? { ...fields, signing_secret: undefined } : fields;
    const transport = uuid ? await updateTransport(db, actor, uuid, values) : await createTransport(db, actor, values);
    return { uuid: transport.uuid, name: transport.name };
  },
);

export const deleteTransportAction = defineAction("admin", ZUuid, async ({ actor, db, input }) => {
  await deleteTransport(db, actor, input.uuid);
  return null;
});

export const transportUsedByAction = defineAction("admin", ZUuid, async ({ db, input }) =>
  transportUsedBy(db, input.uuid),
);

/** Sends a test notification to the signed-in administrator and reports the outcome for a toast. */
export const testTransportAction = defineAction("admin", ZUuid, async ({ actor, db, input }) => {
  const requester = await findUserById(db, actor.userId);
  if (!requester) throw new AppError("unauthenticated", "Your account no longer exists.");
  const result = await tryTransport(db, actor, requester, input.uuid);
  const outcome = result.outcome;
  return {
    ok: result.ok,
    status: outcome.status,
    detail:
      outcome.status === "failed"
        ? outcome.error
        : outcome.status === "skipped"
          ? outcome.reason
          : outcome.httpStatus
            ? `HTTP ${outcome.httpStatus}${outcome.responseExcerpt ? `: ${outcome.responseExcerpt.slice(0, 200)}` : ""}`
            : (outcome.smtpResponse ?? "Delivered."),
  };
});
