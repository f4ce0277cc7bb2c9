import type { DbOrTx } from "@/db/client";
import type { TActor } from "@/lib/actor";
import { findMapping } from "./queries";
import { runWebhookMapping } from "./run-mapping";
import type { TMappingTest } from "./validation";

/**
 * Herald extension (POST /propertymappings/notification/{pm_uuid}/test/): runs the mapping against
 * a sample notification addressed to the calling admin. No delivery, no events.
 */
export async function tryMapping(db: DbOrTx, actor: TActor, uuid: string, input: TMappingTest) {
  const mapping = await findMapping(db, uuid);
  const event = input.event ?? {
    pk: "00000000-0000-4000-8000-000000000000",
    user: { pk: actor.userId, username: actor.username, email: actor.email },
    action: "custom_test",
    app: "herald.events",
    context: { message: "Test event" },
    client_ip: actor.clientIp,
    created: new Date().toISOString(),
  };
  const result = await runWebhookMapping({
    mapping,
    notification: {
      body: input.notification?.body ?? "Test notification",
      severity: input.notification?.severity ?? "notice",
      hyperlink: input.notification?.hyperlink ?? null,
      hyperlink_label: input.notification?.hyperlink_label ?? null,
      event,
    },
    user: { pk: actor.userId, username: actor.username, email: actor.email, name: actor.username },
  });
  if (!result.ok) return { ok: false as const, error: result.error, kind: result.kind };
  return { ok: true as const, value: result.value ?? null, notification: result.notification };
}
