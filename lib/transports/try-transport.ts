import type { Db } from "@/db/client";
import type { TUser } from "@/db/schema";
import type { TActor } from "@/lib/actor";
import { actorSnapshot } from "@/lib/actor";
import { createEvent } from "@/lib/events/create-event";
import { sendThroughTransport } from "./";
import { findTransport } from "./queries";
import type { TSendOutcome } from "./types";

export type TTransportTestResult = { ok: boolean; outcome: TSendOutcome; messages: unknown[] };

/**
 * authentik's transport Test: a real `custom_notification_test` event is saved (so it also runs
 * through the rules), then a notice "Test Notification from transport <name>" is sent to the
 * requesting administrator synchronously, outside the queue, and the outcome is returned.
 */
export async function tryTransport(
  db: Db,
  actor: TActor,
  requester: TUser,
  uuid: string,
): Promise<TTransportTestResult> {
  const transport = await findTransport(db, uuid);
  const event = await createEvent(db, {
    action: "custom_notification_test",
    app: "herald.events",
    user: actorSnapshot(actor),
    clientIp: actor.clientIp,
    context: { transport: { pk: transport.uuid, name: transport.name }, foo: "bar" },
  });
  const outcome = await sendThroughTransport({
    db,
    transport,
    notification: {
      severity: "notice",
      body: `Test Notification from transport ${transport.name}`,
      hyperlink: null,
      hyperlinkLabel: null,
      event,
      rule: null,
    },
    recipient: {
      pk: requester.id,
      username: requester.username,
      email: requester.email,
      name: requester.name,
      isSuperuser: actor.isSuperuser,
    },
    deliveryId: `test_${event.eventUuid}`,
    attempt: 1,
  });
  if (outcome.status === "delivered") return { ok: true, outcome, messages: outcome.messages };
  if (outcome.status === "skipped") return { ok: true, outcome, messages: [outcome.reason] };
  return {
    ok: false,
    outcome,
    messages: outcome.httpStatus ? [outcome.httpStatus, outcome.responseExcerpt ?? ""] : [],
  };
}
