/**
 * Decides whether a notification rule fires for an event (authentik's PolicyEngine).
 *
 * Exported API (the dispatch worker calls it for each candidate rule):
 *   evaluateRule(db, { rule, event, bindings?, user?, dryRun?, timeoutCapMs? })
 *     → { passing, messages, results: [{ binding, kind, passing, messages, error? }] }
 *   - bindings: preloaded enabled bindings of this rule (loadRuleBindings); loaded when omitted.
 *   - user: the pre-resolved event user (resolveEventUser), to share one lookup across rules.
 *   - dryRun: no policy_execution / policy_exception events (the Test endpoint).
 *
 * Semantics: enabled bindings only, by `order`; group/user bindings fold into one vote
 * (static-vote.ts); each policy binding is one vote; mode any/all from rule.policyEngineMode;
 * no votes → false. A policy that throws, times out or exhausts memory yields the binding's
 * failure_result. negate flips every result of its binding — the failure_result too, which
 * authentik leaves un-negated: failure_result stands in for what the *policy* would have said, so
 * "negate" keeps meaning "invert this policy" on every path.
 * The binding timeout (seconds) is enforced by the sandbox: deadline = min(timeout, cap);
 * timeout 0 means "the cap".
 */
import type { DbOrTx } from "@/db/client";
import type { TEvent, TEventUser, TPolicyBinding, TRule } from "@/db/schema";
import { logger } from "@/lib/logger";
import { bindingLabel, bindingModelRef } from "@/lib/policies/binding-serialize";
import { evaluatePolicy } from "@/lib/policies/evaluate-policy";
import { emitPolicyException, emitPolicyExecution } from "@/lib/policies/policy-events";
import { policyUserOf, resolveEventUser, type TResolvedUser } from "@/lib/policies/resolve-user";
import { eventModelRef, serializeEventForPolicy } from "@/lib/policies/serialize-event";
import { DEFAULT_TIMEOUT_MS } from "@/lib/sandbox/run-expression";
import { loadRuleBindings, type TRuleBinding } from "./rule-bindings";
import { staticVote } from "./static-vote";

export type TBindingResult = {
  /** null for the folded vote of all group/user bindings. */
  binding: TPolicyBinding | null;
  kind: "policy" | "static";
  passing: boolean;
  messages: string[];
  error?: string;
};
export type TRuleEvaluation = { passing: boolean; messages: string[]; results: TBindingResult[] };
export type TEvaluateRuleInput = {
  rule: TRule;
  event: TEvent;
  bindings?: TRuleBinding[];
  user?: TResolvedUser | null;
  dryRun?: boolean;
  timeoutCapMs?: number;
};

export function bindingTimeoutMs(timeoutSeconds: number, capMs: number): number {
  return timeoutSeconds > 0 ? Math.min(timeoutSeconds * 1000, capMs) : capMs;
}

export async function evaluateRule(db: DbOrTx, input: TEvaluateRuleInput): Promise<TRuleEvaluation> {
  const { rule, event } = input;
  const all = input.bindings ?? (await loadRuleBindings(db, [rule.pbmUuid])).get(rule.pbmUuid) ?? [];
  const bindings = all.filter((entry) => entry.binding.enabled).sort((a, b) => a.binding.order - b.binding.order);
  if (bindings.length === 0) return { passing: false, messages: [], results: [] };
  // Pure event-matcher rules never need the user: skip the lookup.
  const needsUser = bindings.some((entry) => entry.binding.policy === null || entry.policy?.kind === "expression");
  const user = input.user !== undefined ? input.user : needsUser ? await resolveEventUser(db, event.user) : null;
  const serialized = serializeEventForPolicy(event);
  const request = { user: policyUserOf(user), context: { event: serialized } };
  const eventRef = eventModelRef(serialized);
  const actor: TEventUser = user
    ? { pk: user.user.id, username: user.user.username, email: user.user.email }
    : (event.user ?? {});
  const capMs = input.timeoutCapMs ?? DEFAULT_TIMEOUT_MS;
  const results: TBindingResult[] = [];

  for (const { binding, policy, subjectName } of bindings) {
    if (!policy) continue;
    const outcome = await evaluatePolicy(policy, request, bindingTimeoutMs(binding.timeout, capMs));
    const passing = (outcome.error ? binding.failureResult : outcome.passing) !== binding.negate;
    results.push({
      binding,
      kind: "policy",
      passing,
      messages: outcome.messages,
      ...(outcome.error && { error: outcome.error.text }),
    });
    if (input.dryRun || (!outcome.error && !policy.executionLogging)) continue;
    const bindingRef = bindingModelRef(binding, bindingLabel(rule.name, binding.order, subjectName ?? policy.name));
    const base = { policy, binding: bindingRef, event: eventRef, user: actor };
    try {
      if (outcome.error) await emitPolicyException(db, { ...base, error: outcome.error });
      else await emitPolicyExecution(db, { ...base, result: { passing, messages: outcome.messages } });
    } catch (error) {
      // Losing a log event must not change the rule's decision.
      logger.error({ err: error, policy_uuid: policy.policyUuid }, "could not record policy event");
    }
  }

  const vote = staticVote(
    bindings.filter((entry) => entry.binding.policy === null),
    user,
    rule.policyEngineMode,
  );
  if (vote) results.push({ binding: null, kind: "static", ...vote });
  const passing = rule.policyEngineMode === "all" ? results.every((r) => r.passing) : results.some((r) => r.passing);
  return { passing: results.length > 0 && passing, messages: results.flatMap((r) => r.messages), results };
}
