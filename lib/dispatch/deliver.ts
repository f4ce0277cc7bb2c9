import { eq, sql } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { deliveries, deliveryAttempts, events, transports, type TDelivery, type TTransport } from "@/db/schema";
import { env } from "@/lib/env";
import { createEvent } from "@/lib/events/create-event";
import { logger } from "@/lib/logger";
import { sendThroughTransport } from "@/lib/transports";
import type { TSendOutcome } from "@/lib/transports/types";
import { isImplicitLocal, type TDeliveryPayload } from "./plan";
import { recipientById } from "./recipients";
import { delayAfterAttempt } from "./retry-schedule";


export type TAttemptResult =
  | { kind: "not-claimed" }
  | { kind: "finished"; status: "delivered" | "skipped" | "dead" }
  | { kind: "retry"; delayMs: number; transport: string | null };

/**
 * Atomically takes a delivery for one attempt; only one worker can win it. A claim older than
 * HERALD_DELIVERY_CLAIM_TIMEOUT belongs to a worker that vanished and may be taken again.
 */
async function claim(db: DbOrTx, uuid: string): Promise<TDelivery | null> {
  const [row] = await db
    .update(deliveries)
    .set({ status: "sending", attempts: sql`${deliveries.attempts} + 1`, updated: new Date() })
    .where(
      sql`${deliveries.uuid} = ${uuid} and (${deliveries.status} in ('pending', 'retrying')
        or (${deliveries.status} = 'sending' and ${deliveries.updated} < now() - make_interval(secs => ${env().HERALD_DELIVERY_CLAIM_TIMEOUT})))`,
    )
    .returning();
  return row ?? null;
}

const IMPLICIT_LOCAL = (name: string): TTransport => ({
  uuid: "00000000-0000-0000-0000-000000000000",
  name,
  mode: "local",
  sendOnce: false,
  webhookUrl: "",
  webhookCaPem: null,
  webhookMappingBody: null,
  webhookMappingHeaders: null,
  emailSubjectPrefix: "",
  emailTemplate: "default",
  signingSecret: null,
  consecutiveFailures: 0,
  circuitOpenUntil: null,
  created: new Date(0),
  lastUpdated: new Date(0),
});

async function send(db: DbOrTx, delivery: TDelivery): Promise<{ outcome: TSendOutcome; transport: TTransport | null }> {
  const payload = delivery.payload as TDeliveryPayload;
  let transport: TTransport | null = null;
  if (isImplicitLocal(payload)) transport = IMPLICIT_LOCAL("in-app notification");
  else if (delivery.transport) [transport] = await db.select().from(transports).where(eq(transports.uuid, delivery.transport));
  if (!transport) return { outcome: { status: "failed", retryable: false, error: "The transport was deleted." }, transport: null };
  const recipient = delivery.user === null ? null : await recipientById(db, delivery.user);
  if (!recipient) return { outcome: { status: "skipped", reason: "The recipient no longer exists or is inactive." }, transport };
  const [event] = delivery.event ? await db.select().from(events).where(eq(events.eventUuid, delivery.event)) : [];
  const outcome = await sendThroughTransport({
    db,
    transport,
    notification: {
      severity: payload.severity as "notice" | "warning" | "alert",
      body: payload.body,
      hyperlink: payload.hyperlink,
      hyperlinkLabel: payload.hyperlink_label,
      event: event ?? null,
      rule: delivery.rule ? { pk: delivery.rule, name: payload.rule_name } : null,
    },
    recipient,
    deliveryId: delivery.webhookId,
    attempt: delivery.attempts,
  });
  return { outcome, transport };
}

/**
 * One attempt of one delivery: claim it, send, record the attempt in the ledger and decide what
 * happens next (done, retry after the schedule's delay, or dead letter + system_task_exception).
 */
export async function attemptDelivery(db: DbOrTx, uuid: string, schedule: number[]): Promise<TAttemptResult> {
  const delivery = await claim(db, uuid);
  if (!delivery) return { kind: "not-claimed" };
  const started = performance.now();
  const { outcome, transport } = await send(db, delivery);
  const durationMs = Math.round(performance.now() - started);
  await db.insert(deliveryAttempts).values({
    delivery: uuid,
    attempt: delivery.attempts,
    durationMs,
    ok: outcome.status !== "failed",
    httpStatus: "httpStatus" in outcome ? (outcome.httpStatus ?? null) : null,
    smtpResponse: "smtpResponse" in outcome ? (outcome.smtpResponse ?? null) : null,
    error: outcome.status === "failed" ? outcome.error : outcome.status === "skipped" ? outcome.reason : null,
    responseExcerpt: "responseExcerpt" in outcome ? (outcome.responseExcerpt ?? null) : null,
  });
  const now = new Date();
  if (outcome.status !== "failed") {
    await db
      .update(deliveries)
      .set({
        status: outcome.status,
        lastError: outcome.status === "skipped" ? outcome.reason : null,
        notification: outcome.status === "delivered" ? (outcome.notificationUuid ?? null) : null,
        nextAttemptAt: null,
        completedAt: now,
        updated: now,
      })
      .where(eq(deliveries.uuid, uuid));
    return { kind: "finished", status: outcome.status };
  }
  const delay = outcome.retryable && delivery.attempts < delivery.maxAttempts ? delayAfterAttempt(schedule, delivery.attempts) : null;
  if (delay !== null) {
    await db
      .update(deliveries)
      .set({ status: "retrying", lastError: outcome.error, nextAttemptAt: new Date(now.getTime() + delay), updated: now })
      .where(eq(deliveries.uuid, uuid));
    return { kind: "retry", delayMs: delay, transport: delivery.transport };
  }
  await db.update(deliveries).set({ status: "dead", lastError: outcome.error, nextAttemptAt: null, completedAt: now, updated: now }).where(eq(deliveries.uuid, uuid));
  logger.warn({ delivery: uuid, transport: transport?.name, attempts: delivery.attempts, error: outcome.error }, "delivery dead-lettered");
  // Names the transport, so it is never delivered through the transport that just failed (loop breaker).
  await createEvent(db, {
    action: "system_task_exception",
    app: "herald.events",
    context: {
      message: `Delivery through ${transport ? `"${transport.name}"` : "a deleted transport"} failed after ${delivery.attempts} attempt(s): ${outcome.error}`,
      task: "deliver_notification",
      delivery: uuid,
      attempts: delivery.attempts,
      error: outcome.error,
      ...(transport && !isImplicitLocal(delivery.payload) ? { transport: { pk: transport.uuid, name: transport.name } } : {}),
      ...(delivery.event ? { event_uuid: delivery.event } : {}),
    },
  });
  return { kind: "finished", status: "dead" };
}
