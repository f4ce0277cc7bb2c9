import { randomBytes } from "node:crypto";
import { eq, inArray } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { deliveries, ruleDecisions, ruleTransports, transports, type TEvent, type TTransport } from "@/db/schema";
import { evaluateEvent } from "@/lib/policies/evaluate-event";
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

/**
 * Evaluates the event's candidate rules and writes one delivery per (rule, transport, recipient) —
 * plus the rule decisions for the trace — idempotently: running it twice for the same event (a
 * crash between commit and acknowledgement) adds nothing. Returns the new deliveries to enqueue.
 */
export async function planDeliveries(db: DbOrTx, event: TEvent, maxAttempts: number): Promise<TPlan> {
  const { loop, decisions } = await evaluateEvent(db, event);
  if (loop) return { loop, rulesEvaluated: 0, rulesFired: 0, deliveryUuids: [] };
  const breaker = transportOfEvent(event);
  const deliveryUuids: string[] = [];
  let rulesFired = 0;
  // Transports of every rule that fired, in one query rather than one per rule.
  const firing = decisions.filter((decision) => decision.evaluation.passing).map((decision) => decision.rule.pbmUuid);
  const links = firing.length
    ? await db
        .select({ rule: ruleTransports.rule, transport: transports })
        .from(ruleTransports)
        .innerJoin(transports, eq(transports.uuid, ruleTransports.transport))
        .where(inArray(ruleTransports.rule, firing))
    : [];
  for (const { rule, evaluation } of decisions) {
    const recipients = evaluation.passing ? await recipientsFor(db, rule, event) : [];
    await db
      .insert(ruleDecisions)
      .values({ event: event.eventUuid, rule: rule.pbmUuid, passing: evaluation.passing, messages: evaluation.messages.slice(0, 50), recipients: recipients.length })
      .onConflictDoNothing();
    if (!evaluation.passing) continue;
    rulesFired += 1;
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
        const [row] = await db
          .insert(deliveries)
          .values({
            event: event.eventUuid,
            rule: rule.pbmUuid,
            transport: transport?.uuid ?? null,
            user: recipient.pk,
            status: "pending",
            maxAttempts,
            webhookId: `msg_${randomBytes(16).toString("hex")}`,
            dedupKey: `${event.eventUuid}:${rule.pbmUuid}:${transport?.uuid ?? "local"}:${recipient.pk}`,
            payload,
          })
          .onConflictDoNothing({ target: deliveries.dedupKey })
          .returning({ uuid: deliveries.uuid });
        if (row) deliveryUuids.push(row.uuid);
      }
    }
  }
  return { loop, rulesEvaluated: decisions.length, rulesFired, deliveryUuids };
}
