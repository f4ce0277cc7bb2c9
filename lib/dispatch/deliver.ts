import "server-only";
import { and, eq, getTableColumns, inArray, sql } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import {
  deliveries,
  deliveryAttempts,
  events,
  type TDelivery,
  type TEvent,
  type TTransport,
  transports,
  users,
} from "@/db/schema";
import { isImplicitLocal, type TDeliveryPayload } from "@/lib/deliveries/payload";
import { env } from "@/lib/env";
import { createEvent } from "@/lib/events/create-event";
import { logger } from "@/lib/logger";
import { currentRuleIndex, ruleIndexVersionColumn } from "@/lib/rules/rule-index";
import { sendThroughTransport, type TRecipient } from "@/lib/transports";
import type { TSendOutcome } from "@/lib/transports/types";
import { recipientColumns, toRecipient } from "./recipients";
import { delayAfterAttempt } from "./retry-schedule";
import { currentWorkerId } from "./worker-identity";

/**
 * One attempt of a delivery, in three steps that work on many deliveries at once:
 *
 *   claimDeliveries   one statement takes them (only one worker can win each) with their events
 *                     and recipients; transports come from the in-memory rule index;
 *   sendClaimed       one send per delivery, independent of the others (a slow receiver holds
 *                     only its own delivery);
 *   recordAttempts    one statement writes the ledger rows and the deliveries' new states for
 *                     every finished send; the caller completes the jobs after it (in one
 *                     transaction with it when retries must be enqueued).
 *
 * A claim names the worker process that made it and its deliver job: when that process dies its
 * claims are taken back within seconds (lib/dispatch/delivery-reclaim-job.ts). A claim older than
 * HERALD_DELIVERY_CLAIM_TIMEOUT may be taken again whoever made it, the last resort, so a crash
 * between claim and record delays a delivery but never loses it.
 */

export type TAttemptResult =
  | { kind: "not-claimed" }
  | { kind: "finished"; status: "delivered" | "skipped" | "dead" }
  | { kind: "retry"; delayMs: number; transport: string | null };

export type TClaimedDelivery = {
  /** The delivery as claimed: `attempts` already counts this attempt. */
  delivery: TDelivery;
  transport: TTransport | null;
  recipient: TRecipient | null;
  event: TEvent | null;
};

export type TFinishedSend = { claimed: TClaimedDelivery; outcome: TSendOutcome; durationMs: number };

const IMPLICIT_LOCAL: TTransport = {
  uuid: "00000000-0000-0000-0000-000000000000",
  name: "in-app notification",
  mode: "local",
  sendOnce: false,
  webhookUrl: "",
  webhookCaPem: null,
  webhookMappingBody: null,
  webhookMappingHeaders: null,
  emailSubjectPrefix: "",
  emailTemplate: "default",
  signingSecret: null,
  created: new Date(0),
  lastUpdated: new Date(0),
};

const distinct = <T>(values: (T | null)[]): T[] => [...new Set(values.filter((value): value is T => value !== null))];

/**
 * Takes the claimable ones among `uuids` for one attempt each and loads what sending them needs, in
 * one statement: the claiming UPDATE (only one worker can win each) with each delivery's event and
 * recipient (active users only: the deleted or deactivated since planning get none) joined on, and
 * the rule index's version, so transports come from memory (a query only for those no enabled
 * rule links any more, e.g. a replay after the rule was disabled). `jobs` maps a delivery to the
 * deliver job claiming it, recorded with this process's worker identity.
 */
export async function claimDeliveries(
  db: DbOrTx,
  uuids: string[],
  jobs?: ReadonlyMap<string, string>,
): Promise<TClaimedDelivery[]> {
  if (uuids.length === 0) return [];
  const claimedJob = jobs?.size
    ? sql`(${JSON.stringify(Object.fromEntries(jobs))}::jsonb ->> ${deliveries.uuid}::text)::uuid`
    : null;
  const claimed = db.$with("claimed").as(
    db
      .update(deliveries)
      .set({
        status: "sending",
        attempts: sql`${deliveries.attempts} + 1`,
        updated: new Date(),
        claimedBy: currentWorkerId(),
        claimedJob,
      })
      .where(
        sql`${inArray(deliveries.uuid, uuids)} and (${deliveries.status} in ('pending', 'retrying')
          or (${deliveries.status} = 'sending' and ${deliveries.updated} < now() - make_interval(secs => ${env().HERALD_DELIVERY_CLAIM_TIMEOUT})))`,
      )
      .returning(),
  );
  const claimedColumns = Object.fromEntries(
    Object.keys(getTableColumns(deliveries)).map((key) => [key, claimed[key as keyof typeof claimed]]),
  ) as unknown as typeof deliveries._.columns;
  const rows = await db
    .with(claimed)
    .select({
      delivery: claimedColumns,
      event: events,
      recipient: recipientColumns,
      ruleIndexVersion: ruleIndexVersionColumn,
    })
    .from(claimed)
    .leftJoin(events, eq(events.eventUuid, claimed.event))
    .leftJoin(users, and(eq(users.id, claimed.user), eq(users.isActive, true)));
  if (rows.length === 0) return [];
  const index = await currentRuleIndex(db, rows[0].ruleIndexVersion);
  const unindexed = distinct(
    rows.map(({ delivery }) =>
      isImplicitLocal(delivery.payload) || !delivery.transport || index.transport(delivery.transport)
        ? null
        : delivery.transport,
    ),
  );
  const fetched = unindexed.length ? await db.select().from(transports).where(inArray(transports.uuid, unindexed)) : [];
  const transportById = new Map(fetched.map((row) => [row.uuid, row]));
  return rows.map(({ delivery, event, recipient }) => ({
    delivery,
    transport: isImplicitLocal(delivery.payload)
      ? IMPLICIT_LOCAL
      : (delivery.transport && (index.transport(delivery.transport) ?? transportById.get(delivery.transport))) || null,
    recipient: toRecipient(recipient),
    event: event ?? null,
  }));
}

/** Sends one claimed delivery; never throws (adapter problems are failed outcomes). */
export async function sendClaimed(db: DbOrTx, claimed: TClaimedDelivery): Promise<TFinishedSend> {
  const started = performance.now();
  const outcome = await sendOutcome(db, claimed);
  return { claimed, outcome, durationMs: Math.round(performance.now() - started) };
}

async function sendOutcome(
  db: DbOrTx,
  { delivery, transport, recipient, event }: TClaimedDelivery,
): Promise<TSendOutcome> {
  if (!transport) return { status: "failed", retryable: false, error: "The transport was deleted." };
  if (!recipient) return { status: "skipped", reason: "The recipient no longer exists or is inactive." };
  const payload = delivery.payload as TDeliveryPayload;
  return sendThroughTransport({
    db,
    transport,
    notification: {
      severity: payload.severity as "notice" | "warning" | "alert",
      body: payload.body,
      hyperlink: payload.hyperlink,
      hyperlinkLabel: payload.hyperlink_label,
      event,
      rule: delivery.rule ? { pk: delivery.rule, name: payload.rule_name } : null,
    },
    recipient,
    deliveryId: delivery.webhookId,
    attempt: delivery.attempts,
  });
}

type TDeliveryUpdate = {
  uuid: string;
  status: TDelivery["status"];
  last_error: string | null;
  notification: string | null;
  next_attempt_at: string | null;
  completed_at: string | null;
};

/**
 * Records finished sends in the ledger and moves each delivery on: done, retry after the schedule's
 * delay, or dead letter + a loop-safe system_task_exception. Results are in the order of `sends`;
 * the caller enqueues the retries (in the same transaction, so none is lost).
 */
export async function recordAttempts(
  db: DbOrTx,
  sends: TFinishedSend[],
  schedule: number[],
): Promise<TAttemptResult[]> {
  if (sends.length === 0) return [];
  const now = new Date();
  const attemptRows = sends.map(({ claimed, outcome, durationMs }) => ({
    delivery: claimed.delivery.uuid,
    attempt: claimed.delivery.attempts,
    started_at: new Date(now.getTime() - durationMs).toISOString(),
    duration_ms: durationMs,
    ok: outcome.status !== "failed",
    http_status: "httpStatus" in outcome ? (outcome.httpStatus ?? null) : null,
    smtp_response: "smtpResponse" in outcome ? (outcome.smtpResponse ?? null) : null,
    error: outcome.status === "failed" ? outcome.error : outcome.status === "skipped" ? outcome.reason : null,
    response_excerpt: "responseExcerpt" in outcome ? (outcome.responseExcerpt ?? null) : null,
  }));
  const results: TAttemptResult[] = [];
  const updates: TDeliveryUpdate[] = [];
  const dead: TFinishedSend[] = [];
  for (const send of sends) {
    const { delivery } = send.claimed;
    const { outcome } = send;
    const base = { uuid: delivery.uuid, notification: null, next_attempt_at: null, completed_at: now.toISOString() };
    if (outcome.status !== "failed") {
      const notification = outcome.status === "delivered" ? (outcome.notificationUuid ?? null) : null;
      updates.push({
        ...base,
        status: outcome.status,
        last_error: outcome.status === "skipped" ? outcome.reason : null,
        notification,
      });
      results.push({ kind: "finished", status: outcome.status });
      continue;
    }
    const delay =
      outcome.retryable && delivery.attempts < delivery.maxAttempts
        ? delayAfterAttempt(schedule, delivery.attempts)
        : null;
    if (delay !== null) {
      updates.push({
        ...base,
        status: "retrying",
        last_error: outcome.error,
        next_attempt_at: new Date(now.getTime() + delay).toISOString(),
        completed_at: null,
      });
      results.push({ kind: "retry", delayMs: delay, transport: delivery.transport });
    } else {
      updates.push({ ...base, status: "dead", last_error: outcome.error });
      results.push({ kind: "finished", status: "dead" });
      dead.push(send);
    }
  }
  // The ledger rows and the deliveries' new states in one statement (one round trip).
  await db.execute(sql`
    with attempted as (
      insert into ${deliveryAttempts} (delivery, attempt, started_at, duration_ms, ok, http_status, smtp_response, error, response_excerpt)
      select delivery, attempt, started_at, duration_ms, ok, http_status, smtp_response, error, response_excerpt
        from jsonb_to_recordset(${JSON.stringify(attemptRows)}::jsonb)
          as a(delivery uuid, attempt integer, started_at timestamptz, duration_ms integer, ok boolean, http_status integer,
               smtp_response text, error text, response_excerpt text)
    )
    update ${deliveries} d
       set status = u.status, last_error = u.last_error, notification = u.notification,
           next_attempt_at = u.next_attempt_at, completed_at = u.completed_at, updated = ${now.toISOString()}::timestamptz,
           claimed_by = null, claimed_job = null
      from jsonb_to_recordset(${JSON.stringify(updates)}::jsonb)
        as u(uuid uuid, status text, last_error text, notification uuid, next_attempt_at timestamptz, completed_at timestamptz)
     where d.uuid = u.uuid`);
  for (const send of dead) await reportDeadLetter(db, send);
  return results;
}

async function reportDeadLetter(db: DbOrTx, { claimed, outcome }: TFinishedSend): Promise<void> {
  const { delivery, transport } = claimed;
  const error = outcome.status === "failed" ? outcome.error : "";
  logger.warn(
    { delivery: delivery.uuid, transport: transport?.name, attempts: delivery.attempts, error },
    "delivery dead-lettered",
  );
  // Names the transport, so it is never delivered through the transport that just failed (loop breaker).
  await createEvent(db, {
    action: "system_task_exception",
    app: "herald.events",
    context: {
      message: `Delivery through ${transport ? `"${transport.name}"` : "a deleted transport"} failed after ${delivery.attempts} attempt(s): ${error}`,
      task: "deliver_notification",
      delivery: delivery.uuid,
      attempts: delivery.attempts,
      error,
      ...(transport && !isImplicitLocal(delivery.payload)
        ? { transport: { pk: transport.uuid, name: transport.name } }
        : {}),
      ...(delivery.event ? { event_uuid: delivery.event } : {}),
    },
  });
}

/**
 * Attempts the given deliveries once each: one claim, concurrent sends, one ledger transaction.
 * `onRecorded` runs inside that transaction (enqueue retries, settle jobs) so it commits with it.
 */
export async function attemptDeliveries(
  db: DbOrTx,
  uuids: string[],
  schedule: number[],
  onRecorded?: (tx: DbOrTx, recorded: { uuid: string; result: TAttemptResult }[]) => Promise<void>,
): Promise<Map<string, TAttemptResult>> {
  const claimed = await claimDeliveries(db, uuids);
  const sends = await Promise.all(claimed.map((entry) => sendClaimed(db, entry)));
  const recorded = await db.transaction(async (tx) => {
    const results = await recordAttempts(tx, sends, schedule);
    const entries = sends.map((send, index) => ({ uuid: send.claimed.delivery.uuid, result: results[index] }));
    await onRecorded?.(tx, entries);
    return entries;
  });
  const byUuid = new Map<string, TAttemptResult>(uuids.map((uuid) => [uuid, { kind: "not-claimed" }]));
  for (const { uuid, result } of recorded) byUuid.set(uuid, result);
  return byUuid;
}

/** One attempt of one delivery (tests and single replays); the caller enqueues a retry. */
export async function attemptDelivery(db: DbOrTx, uuid: string, schedule: number[]): Promise<TAttemptResult> {
  return (await attemptDeliveries(db, [uuid], schedule)).get(uuid) as TAttemptResult;
}
