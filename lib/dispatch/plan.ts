import { randomBytes, randomUUID } from "node:crypto";
import { eq, inArray } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { deliveries, deliveryAttempts, notifications, ruleDecisions, ruleTransports, transports, type TEvent, type TRule, type TSeverity, type TTransport } from "@/db/schema";
import { publishNotification } from "@/lib/notifications/bus";
import { evaluateEvent, type TCandidateCache } from "@/lib/policies/evaluate-event";
import { eventUserPk } from "@/lib/policies/resolve-user";
import type { TRecipient } from "@/lib/transports/types";
import { recipientsFor } from "./recipients";

/** authentik's Event.summary: context.message, else "<action>: <context>". */
export function eventSummary(event: Pick<TEvent, "action" | "context">): string {
  const message = event.context?.message;
  if (typeof message === "string" && message) return message;
  return `${event.action}: ${JSON.stringify(event.context ?? {})}`;
}

/** What a delivery sends, frozen when it is planned so retries and replays send the same thing. */
export type TDeliveryPayload = {
  severity: string;
  body: string;
  hyperlink: string | null;
  hyperlink_label: string | null;
  rule_name: string;
  /** "local" for the bell notification of a rule without transports (no transport row). */
  implicit_local?: boolean;
};

/** A bell delivery of a rule without transports: it has no transport row, only this flag. */
export function isImplicitLocal(payload: unknown): boolean {
  return Boolean((payload as Partial<TDeliveryPayload> | null)?.implicit_local);
}

/**
 * Events Herald emits about a transport (email_sent, property_mapping_exception from a mapping, a
 * dead delivery's system_task_exception) name it in context.transport; they never go out through
 * that same transport, or a broken transport would report its own failures through itself forever.
 */
export function transportOfEvent(event: Pick<TEvent, "context">): string | null {
  const transport = event.context?.transport as { pk?: unknown } | undefined;
  return typeof transport?.pk === "string" ? transport.pk.toLowerCase() : null;
}

export type TPlan = { loop: boolean; rulesEvaluated: number; rulesFired: number; deliveryUuids: string[] };

/** Rows per INSERT: far below PostgreSQL's 65,535 bind parameters. */
const INSERT_CHUNK = 1000;

function chunks<T>(rows: T[]): T[][] {
  const result: T[][] = [];
  for (let offset = 0; offset < rows.length; offset += INSERT_CHUNK) result.push(rows.slice(offset, offset + INSERT_CHUNK));
  return result;
}

/**
 * Evaluates each event's candidate rules and writes one delivery per (rule, transport, recipient) —
 * plus the rule decisions for the trace — idempotently: running it twice for the same event (a
 * crash between commit and acknowledgement) adds nothing. Many events are planned together: rule
 * transports and recipients are loaded once per batch, decisions and deliveries written in one
 * INSERT each. Returns one plan per event, with the new deliveries to send.
 */
export async function planDeliveriesForEvents(db: DbOrTx, events: TEvent[], maxAttempts: number): Promise<TPlan[]> {
  // The same event twice in one batch is planned once; each of its places gets that plan.
  const unique = [...new Map(events.map((event) => [event.eventUuid, event])).values()];
  const plans = await planUniqueEvents(db, unique, maxAttempts);
  const byUuid = new Map(unique.map((event, index) => [event.eventUuid, plans[index]]));
  return events.map((event) => byUuid.get(event.eventUuid) as TPlan);
}

async function planUniqueEvents(db: DbOrTx, events: TEvent[], maxAttempts: number): Promise<TPlan[]> {
  if (events.length === 0) return [];
  const cache: TCandidateCache = new Map();
  const evaluations = await Promise.all(events.map((event) => evaluateEvent(db, event, { cache })));
  // Transports of every rule that fired, in one query for the whole batch.
  const firing = [...new Set(evaluations.flatMap(({ decisions }) => decisions.filter((d) => d.evaluation.passing).map((d) => d.rule.pbmUuid)))];
  const links = firing.length
    ? await db
        .select({ rule: ruleTransports.rule, transport: transports })
        .from(ruleTransports)
        .innerJoin(transports, eq(transports.uuid, ruleTransports.transport))
        .where(inArray(ruleTransports.rule, firing))
    : [];
  // Recipients depend only on the destination group and the event user: asked once per distinct pair.
  const recipientQueries = new Map<string, Promise<TRecipient[]>>();
  const recipientsOf = (rule: TRule, event: TEvent) => {
    const key = `${rule.destinationGroup ?? ""}|${rule.destinationEventUser ? (eventUserPk(event.user) ?? "") : ""}`;
    let query = recipientQueries.get(key);
    if (!query) recipientQueries.set(key, (query = recipientsFor(db, rule, event)));
    return query;
  };

  const decisionRows: (typeof ruleDecisions.$inferInsert)[] = [];
  const deliveryRows: TDeliveryRow[] = [];
  /** Bell deliveries without a mapping are only rows: written here, already delivered (see writeBellDeliveries). */
  const bellRows: TDeliveryRow[] = [];
  const plans = await Promise.all(
    events.map(async (event, index) => {
      const { loop, decisions } = evaluations[index];
      const plan: TPlan & { dedupKeys: string[] } = { loop, rulesEvaluated: decisions.length, rulesFired: 0, deliveryUuids: [], dedupKeys: [] };
      if (loop) return plan;
      const breaker = transportOfEvent(event);
      for (const { rule, evaluation } of decisions) {
        const recipients = evaluation.passing ? await recipientsOf(rule, event) : [];
        decisionRows.push({ event: event.eventUuid, rule: rule.pbmUuid, passing: evaluation.passing, messages: evaluation.messages.slice(0, 50), recipients: recipients.length });
        if (!evaluation.passing) continue;
        plan.rulesFired += 1;
        const linked = links.filter((link) => link.rule === rule.pbmUuid).map((link) => link.transport);
        const targets: (TTransport | null)[] = linked.length ? linked : [null];
        for (const transport of targets) {
          if (transport && transport.uuid === breaker) continue;
          // A failed in-app delivery's own report never goes back to the bell (the same loop, without a transport row).
          if (!transport && event.action === "system_task_exception" && event.context?.task === "deliver_notification" && !breaker) continue;
          const chosen = transport?.sendOnce ? recipients.slice(0, 1) : recipients;
          const payload: TDeliveryPayload = {
            severity: rule.severity,
            body: eventSummary(event),
            hyperlink: null,
            hyperlink_label: null,
            rule_name: rule.name,
            ...(transport ? {} : { implicit_local: true }),
          };
          for (const recipient of chosen) {
            const dedupKey = `${event.eventUuid}:${rule.pbmUuid}:${transport?.uuid ?? "local"}:${recipient.pk}`;
            plan.dedupKeys.push(dedupKey);
            (isBell(transport) ? bellRows : deliveryRows).push({
              event: event.eventUuid,
              rule: rule.pbmUuid,
              transport: transport?.uuid ?? null,
              user: recipient.pk,
              status: "pending",
              maxAttempts,
              webhookId: `msg_${randomBytes(16).toString("hex")}`,
              dedupKey,
              payload,
            });
          }
        }
      }
      return plan;
    }),
  );
  for (const chunk of chunks(decisionRows)) await db.insert(ruleDecisions).values(chunk).onConflictDoNothing();
  for (const chunk of chunks(bellRows)) await writeBellDeliveries(db, chunk);
  const insertedKeys = new Map<string, string>();
  for (const chunk of chunks(deliveryRows)) {
    const rows = await db
      .insert(deliveries)
      .values(chunk)
      .onConflictDoNothing({ target: deliveries.dedupKey })
      .returning({ uuid: deliveries.uuid, dedupKey: deliveries.dedupKey });
    for (const row of rows) insertedKeys.set(row.dedupKey, row.uuid);
  }
  return plans.map(({ dedupKeys, ...plan }) => ({
    ...plan,
    deliveryUuids: dedupKeys.map((key) => insertedKeys.get(key)).filter((uuid): uuid is string => uuid !== undefined),
  }));
}

type TDeliveryRow = typeof deliveries.$inferInsert & { dedupKey: string; webhookId: string; user: number; payload: TDeliveryPayload };

/** The in-app bell without a body mapping: nothing can fail or need a retry, so no queue round trip. */
function isBell(transport: TTransport | null): boolean {
  return transport === null || (transport.mode === "local" && !transport.webhookMappingBody);
}

/**
 * Writes bell deliveries as delivered, with their notification rows and ledger attempts, in one
 * transaction. Idempotent like the rest of planning: a delivery already stored (a re-run after a
 * crash) is skipped, and the notification's dedup key (the delivery id) forbids a second row.
 */
async function writeBellDeliveries(db: DbOrTx, rows: TDeliveryRow[]): Promise<void> {
  const now = new Date();
  const withNotification = rows.map((row) => ({ ...row, status: "delivered" as const, attempts: 1, notification: randomUUID(), completedAt: now, updated: now }));
  const written = await db.transaction(async (tx) => {
    const inserted = await tx
      .insert(deliveries)
      .values(withNotification)
      .onConflictDoNothing({ target: deliveries.dedupKey })
      .returning({ uuid: deliveries.uuid, dedupKey: deliveries.dedupKey });
    const fresh = new Map(inserted.map((row) => [row.dedupKey, row.uuid]));
    const stored = withNotification.filter((row) => fresh.has(row.dedupKey));
    if (stored.length === 0) return [];
    // Independent statements of one transaction: postgres.js pipelines them in one round trip.
    await Promise.all([
      tx
        .insert(notifications)
        .values(
          stored.map((row) => ({
            uuid: row.notification,
            severity: row.payload.severity as TSeverity,
            body: row.payload.body,
            hyperlink: row.payload.hyperlink,
            hyperlinkLabel: row.payload.hyperlink_label,
            event: row.event,
            rule: row.rule,
            user: row.user,
            dedupKey: row.webhookId,
          })),
        )
        .onConflictDoNothing({ target: notifications.dedupKey }),
      tx.insert(deliveryAttempts).values(stored.map((row) => ({ delivery: fresh.get(row.dedupKey) as string, attempt: 1, startedAt: now, durationMs: 0, ok: true }))),
    ]);
    return stored;
  });
  for (const row of written) publishNotification({ user: row.user, uuid: row.notification });
}

/** Plans one event (see planDeliveriesForEvents). */
export async function planDeliveries(db: DbOrTx, event: TEvent, maxAttempts: number): Promise<TPlan> {
  const [plan] = await planDeliveriesForEvents(db, [event], maxAttempts);
  return plan;
}
