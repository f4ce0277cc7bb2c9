/**
 * Exported API (convenience for dispatch: one call per event, no N+1):
 *   evaluateEvent(db, event, { dryRun?, timeoutCapMs? })
 *     → { loop: true, decisions: [] }   when isPolicyLoopEvent (nothing may fire)
 *     | { loop: false, decisions: [{ rule, evaluation }] }   one entry per candidate rule
 * Candidates come from findCandidateRules; their bindings are loaded in one query and the event
 * user is resolved once, only if some candidate needs it (group/user bindings, expressions).
 */
import type { DbOrTx } from "@/db/client";
import type { TEvent, TRule } from "@/db/schema";
import { findCandidateRules } from "./candidate-rules";
import { evaluateRule, type TRuleEvaluation } from "./evaluate-rule";
import { isPolicyLoopEvent } from "./loop-guard";
import { resolveEventUser } from "./resolve-user";
import { loadRuleBindings } from "./rule-bindings";

export type TRuleDecision = { rule: TRule; evaluation: TRuleEvaluation };

export async function evaluateEvent(
  db: DbOrTx,
  event: TEvent,
  options: { dryRun?: boolean; timeoutCapMs?: number } = {},
): Promise<{ loop: boolean; decisions: TRuleDecision[] }> {
  if (await isPolicyLoopEvent(db, event)) return { loop: true, decisions: [] };
  const rules = await findCandidateRules(db, event);
  if (rules.length === 0) return { loop: false, decisions: [] };
  const bindings = await loadRuleBindings(db, rules.map((rule) => rule.pbmUuid));
  const needsUser = [...bindings.values()].some((list) =>
    list.some((entry) => entry.binding.policy === null || entry.policy?.kind === "expression"),
  );
  const user = needsUser ? await resolveEventUser(db, event.user) : null;
  const decisions: TRuleDecision[] = [];
  for (const rule of rules) {
    const evaluation = await evaluateRule(db, { rule, event, bindings: bindings.get(rule.pbmUuid) ?? [], user, ...options });
    decisions.push({ rule, evaluation });
  }
  return { loop: false, decisions };
}
