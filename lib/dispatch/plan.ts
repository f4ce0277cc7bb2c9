import "server-only";
import { randomBytes, randomUUID } from "node:crypto";
import { sql } from "drizzle-orm";
import { type DbOrTx, rowsOf } from "@/db/client";
import {
  deliveries,
  deliveryAttempts,
  notifications,
  ruleDecisions,
  type TEvent,
  type TRule,
  type TTransport,
} from "@/db/schema";
import type { TDeliveryPayload } from "@/lib/deliveries/payload";
import { publishNotification } from "@/lib/notifications/bus";
import { eventUserPk } from "@/lib/policies/resolve-user";
import { evaluateEvent } from "@/lib/rules/evaluate-event";
import { currentRuleIndex } from "@/lib/rules/rule-index";
import type { TRecipient } from "@/lib/transports/types";
import { recipientsFor } from "./recipients";

/** authentik's Event.summary: context.message, else "<action>: <context>". */
export function eventSummary(event: Pick<TEvent, "action" | "context">): string {
  const message = event.context?.message;
  if (typeof message === "string" && message) return message;
  return `${event.action}: ${JSON.stringify(event.context ?? {})}`;
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

/** A delivery planned by this run, still to be sent: `local` ones (a mapped in-app transport) need no network. */
export type TPlannedDelivery = { uuid: string; transport: string | null; local: boolean };

export type TPlan = { loop: boolean; rulesEvaluated: number; rulesFired: number; deliveries: TPlannedDelivery[] };

/** Rows of each kind per statement, so one huge batch does not become one huge JSON parameter. */
const INSERT_CHUNK = 1000;

/**
 * Evaluates each event's candidate rules and writes one delivery per (rule, transport, recipient) —
 * plus the rule decisions for the trace — idempotently: running it twice for the same event (a
 * crash between commit and acknowledgement) adds nothing. Many events are planned together: rule
 * transports and recipients are loaded once per batch, decisions and deliveries (bell ones already
 * delivered) written in one statement per 1,000 rows. Returns one plan per event, with the new deliveries to send.
 */
export async function planDeliveriesForEvents(
  db: DbOrTx,
  events: TEvent[],
  maxAttempts: number,
  options: { ruleIndexVersion?: string } = {},
): Promise<TPlan[]> {
  // The same event twice in one batch is planned once; each of its places gets that plan.
  const unique = [...new Map(events.map((event) => [event.eventUuid, event])).values()];
  const plans = await planUniqueEvents(db, unique, maxAttempts, options.ruleIndexVersion);
  const byUuid = new Map(unique.map((event, index) => [event.eventUuid, plans[index]]));
  return events.map((event) => byUuid.get(event.eventUuid) as TPlan);
}

async function planUniqueEvents(
  db: DbOrTx,
  events: TEvent[],
  maxAttempts: number,
  ruleIndexVersion: string | undefined,
): Promise<TPlan[]> {
  if (events.length === 0) return [];
  // One version check for the whole batch; candidates, bindings and transports come from memory.
  const ruleIndex = await currentRuleIndex(db, ruleIndexVersion);
  const evaluations = await Promise.all(events.map((event) => evaluateEvent(db, event, { index: ruleIndex })));
  // Recipients depend only on the destination group and the event user: asked once per distinct pair.
  const recipientQueries = new Map<string, Promise<TRecipient[]>>();
  const recipientsOf = (rule: TRule, event: TEvent) => {
    const key = `${rule.destinationGroup ?? ""}|${rule.destinationEventUser ? (eventUserPk(event.user) ?? "") : ""}`;
    let query = recipientQueries.get(key);
    if (!query) recipientQueries.set(key, (query = recipientsFor(db, rule, event)));
    return query;
  };

  const decisionRows: TDecisionRow[] = [];
  const deliveryRows: TDeliveryRow[] = [];
  /** Bell deliveries without a mapping are only rows: written here, already delivered (see writePlan). */
  const bellRows: TDeliveryRow[] = [];
  const plans = await Promise.all(
    events.map(async (event, index) => {
      const { loop, decisions } = evaluations[index];
      const plan: TPlan & { dedupKeys: string[] } = {
        loop,
        rulesEvaluated: decisions.length,
        rulesFired: 0,
        deliveries: [],
        dedupKeys: [],
      };
      if (loop) return plan;
      const breaker = transportOfEvent(event);
      for (const { rule, evaluation } of decisions) {
        const recipients = evaluation.passing ? await recipientsOf(rule, event) : [];
        decisionRows.push({
          event: event.eventUuid,
          rule: rule.pbmUuid,
          passing: evaluation.passing,
          messages: evaluation.messages.slice(0, 50),
          recipients: recipients.length,
        });
        if (!evaluation.passing) continue;
        plan.rulesFired += 1;
        const linked = ruleIndex.transportsOf(rule.pbmUuid);
        const targets: (TTransport | null)[] = linked.length ? linked : [null];
        for (const transport of targets) {
          if (transport && transport.uuid === breaker) continue;
          // A failed in-app delivery's own report never goes back to the bell (the same loop, without a transport row).
          if (
            !transport &&
            event.action === "system_task_exception" &&
            event.context?.task === "deliver_notification" &&
            !breaker
          )
            continue;
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
  const inserted = new Map<string, TPlannedDelivery>();
  const statements = Math.ceil(Math.max(decisionRows.length, bellRows.length, deliveryRows.length) / INSERT_CHUNK);
  for (let index = 0; index < statements; index++) {
    const part = <T>(rows: T[]) => rows.slice(index * INSERT_CHUNK, (index + 1) * INSERT_CHUNK);
    const written = await writePlan(db, part(decisionRows), part(bellRows), part(deliveryRows));
    for (const row of written.queued) {
      const local = row.transport !== null && ruleIndex.transport(row.transport)?.mode === "local";
      inserted.set(row.dedupKey, { uuid: row.uuid, transport: row.transport, local });
    }
    for (const row of written.notified) publishNotification(row);
  }
  return plans.map(({ dedupKeys, ...plan }) => ({
    ...plan,
    deliveries: dedupKeys
      .map((key) => inserted.get(key))
      .filter((delivery): delivery is TPlannedDelivery => delivery !== undefined),
  }));
}

type TDeliveryRow = typeof deliveries.$inferInsert & {
  dedupKey: string;
  webhookId: string;
  user: number;
  payload: TDeliveryPayload;
};

/** The in-app bell without a body mapping: nothing can fail or need a retry, so no queue round trip. */
function isBell(transport: TTransport | null): boolean {
  return transport === null || (transport.mode === "local" && !transport.webhookMappingBody);
}

type TDecisionRow = { event: string; rule: string; passing: boolean; messages: string[]; recipients: number };

/**
 * Writes one part of a plan in a single statement (one round trip, atomic without a transaction):
 * the rule decisions; the bell deliveries as delivered, each with its notification row and ledger
 * attempt; and the deliveries still to send, as pending. Idempotent like the rest of planning: a
 * delivery already stored (a re-run after a crash) is skipped, and with it its notification and
 * attempt. Rows travel as JSON parameters (jsonb_to_recordset), the same SQL on PGlite.
 */
async function writePlan(
  db: DbOrTx,
  decisionRows: TDecisionRow[],
  bellRows: TDeliveryRow[],
  queuedRows: TDeliveryRow[],
) {
  const now = new Date().toISOString();
  const deliveryJson = (rows: TDeliveryRow[], withNotification: boolean) =>
    JSON.stringify(
      rows.map((row) => ({
        event: row.event,
        rule: row.rule,
        transport: row.transport ?? null,
        user: row.user,
        notification: withNotification ? randomUUID() : null,
        max_attempts: row.maxAttempts,
        webhook_id: row.webhookId,
        dedup_key: row.dedupKey,
        payload: row.payload,
      })),
    );
  const recordset = sql.raw(
    `(event uuid, rule uuid, transport uuid, "user" integer, notification uuid, max_attempts integer, webhook_id text, dedup_key text, payload jsonb)`,
  );
  const result = await db.execute(sql`
    with decided as (
      insert into ${ruleDecisions} (event, rule, passing, messages, recipients)
      select event, rule, passing, messages, recipients
        from jsonb_to_recordset(${JSON.stringify(decisionRows)}::jsonb) as x(event uuid, rule uuid, passing boolean, messages jsonb, recipients integer)
      on conflict do nothing
    ), bell_input as (
      select * from jsonb_to_recordset(${deliveryJson(bellRows, true)}::jsonb) as x${recordset}
    ), bell as (
      insert into ${deliveries} (event, rule, transport, "user", notification, status, attempts, max_attempts, webhook_id, dedup_key, payload, completed_at, updated)
      select event, rule, transport, "user", notification, 'delivered', 1, max_attempts, webhook_id, dedup_key, payload, ${now}::timestamptz, ${now}::timestamptz
        from bell_input
      on conflict (dedup_key) do nothing
      returning uuid, dedup_key, notification, "user"
    ), notified as (
      insert into ${notifications} (uuid, severity, body, hyperlink, hyperlink_label, event, rule, "user", dedup_key)
      select i.notification, i.payload->>'severity', i.payload->>'body', i.payload->>'hyperlink', i.payload->>'hyperlink_label', i.event, i.rule, i."user", i.webhook_id
        from bell b join bell_input i on i.dedup_key = b.dedup_key
      on conflict (dedup_key) do nothing
    ), attempted as (
      insert into ${deliveryAttempts} (delivery, attempt, started_at, duration_ms, ok)
      select uuid, 1, ${now}::timestamptz, 0, true from bell
    ), queued as (
      insert into ${deliveries} (event, rule, transport, "user", status, max_attempts, webhook_id, dedup_key, payload)
      select event, rule, transport, "user", 'pending', max_attempts, webhook_id, dedup_key, payload
        from jsonb_to_recordset(${deliveryJson(queuedRows, false)}::jsonb) as x${recordset}
      on conflict (dedup_key) do nothing
      returning uuid, dedup_key, transport
    )
    select 'bell' as kind, uuid, dedup_key, notification, "user", null::uuid as transport from bell
    union all
    select 'queued', uuid, dedup_key, null, null, transport from queued`);
  const rows = rowsOf<{
    kind: "bell" | "queued";
    uuid: string;
    dedup_key: string;
    notification: string | null;
    user: number | null;
    transport: string | null;
  }>(result);
  return {
    notified: rows
      .filter((row) => row.kind === "bell")
      .map((row) => ({ user: Number(row.user), uuid: row.notification as string })),
    queued: rows
      .filter((row) => row.kind === "queued")
      .map((row) => ({ uuid: row.uuid, dedupKey: row.dedup_key, transport: row.transport })),
  };
}

/** Plans one event (see planDeliveriesForEvents). */
export async function planDeliveries(db: DbOrTx, event: TEvent, maxAttempts: number): Promise<TPlan> {
  const [plan] = await planDeliveriesForEvents(db, [event], maxAttempts);
  return plan;
}
