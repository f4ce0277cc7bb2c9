/**
 * Exported API (dispatch calls it once per event, before evaluateRule):
 *   findCandidateRules(db, event) → enabled rules that COULD fire for the event.
 *
 * A rule is a candidate when one of its enabled bindings is not a non-negated event matcher that
 * contradicts the event (group/user bindings, negated bindings, expression policies, and matchers
 * whose set fields all equal the event's). A rule whose bindings are all non-negated matchers for
 * other actions/apps/models/IPs is never loaded, and finding that out is index lookups only:
 * matchers are reached through the partial index of their most specific set field (action, else
 * app, else model, else client IP — see db/schema/policies.ts), so per-event cost does not grow
 * with rules for other actions. Rules with no bindings never fire (empty result = false) and are
 * not candidates either.
 */
import { sql } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { policies as p, policyBindings as b, rules, type TEvent, type TRule } from "@/db/schema";
import { normalizeIp } from "@/lib/auth/client-ip";
import { eventModelKey } from "./event-matcher";

type TCandidateKeys = { action: string; app: string; model: string | null; ip: string | null };

export function candidateKeys(event: Pick<TEvent, "action" | "app" | "context" | "clientIp">): TCandidateKeys {
  return { action: event.action, app: event.app, model: eventModelKey(event.context), ip: normalizeIp(event.clientIp) };
}

function matchingPolicies({ action, app, model, ip }: TCandidateKeys) {
  const rest = {
    app: sql`(${p.matchApp} is null or ${p.matchApp} = ${app})`,
    model: sql`(${p.matchModel} is null or ${p.matchModel} = ${model})`,
    ip: sql`(${p.matchClientIp} is null or ${p.matchClientIp} = ${ip})`,
  };
  const matcher = sql`${p.kind} = 'event_matcher'`;
  return sql`
    select ${p.policyUuid} from ${p} where ${matcher} and ${p.matchAction} = ${action} and ${rest.app} and ${rest.model} and ${rest.ip}
    union all
    select ${p.policyUuid} from ${p} where ${matcher} and ${p.matchAction} is null and ${p.matchApp} = ${app} and ${rest.model} and ${rest.ip}
    union all
    select ${p.policyUuid} from ${p} where ${matcher} and ${p.matchAction} is null and ${p.matchApp} is null
      and ${p.matchModel} = ${model} and ${rest.ip}
    union all
    select ${p.policyUuid} from ${p} where ${matcher} and ${p.matchAction} is null and ${p.matchApp} is null
      and ${p.matchModel} is null and ${p.matchClientIp} = ${ip}
    union all
    select ${p.policyUuid} from ${p} where ${p.kind} <> 'event_matcher'`;
}

export async function findCandidateRules(db: DbOrTx, event: Pick<TEvent, "action" | "app" | "context" | "clientIp">): Promise<TRule[]> {
  return candidateRulesQuery(db, event);
}

/** The query itself (unexecuted), so scripts can EXPLAIN it. */
export function candidateRulesQuery(db: DbOrTx, event: Pick<TEvent, "action" | "app" | "context" | "clientIp">) {
  const keys = candidateKeys(event);
  const targets = sql`
    select ${b.target} from ${b} where ${b.enabled} and ${b.policy} in (${matchingPolicies(keys)})
    union
    select ${b.target} from ${b} where ${b.enabled} and (${b.policy} is null or ${b.negate})`;
  return db
    .select()
    .from(rules)
    .where(sql`${rules.enabled} and ${rules.pbmUuid} in (${targets})`)
    .orderBy(rules.name);
}
