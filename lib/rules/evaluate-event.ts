/**
 * Exported API (convenience for dispatch: one call per event, no N+1):
 *   evaluateEvent(db, event, { dryRun?, timeoutCapMs?, index? })
 *     → { loop: true, decisions: [] }   when isPolicyLoopEvent (nothing may fire)
 *     | { loop: false, decisions: [{ rule, evaluation }] }   one entry per candidate rule
 * Candidates and their bindings come from the in-memory rule index (pass the batch's `index` to
 * share one version check); the event user is resolved once, only if some candidate needs it
 * (group/user bindings, expressions).
 */
import type { DbOrTx } from "@/db/client";
import type { TEvent, TRule } from "@/db/schema";
import { resolveEventUser } from "@/lib/policies/resolve-user";
import { evaluateRule, type TRuleEvaluation } from "./evaluate-rule";
import { isPolicyLoopEvent } from "./loop-guard";
import { currentRuleIndex, type TRuleIndex } from "./rule-index";

export type TRuleDecision = { rule: TRule; evaluation: TRuleEvaluation };

export async function evaluateEvent(
  db: DbOrTx,
  event: TEvent,
  options: { dryRun?: boolean; timeoutCapMs?: number; index?: TRuleIndex } = {},
): Promise<{ loop: boolean; decisions: TRuleDecision[] }> {
  const { index: given, ...evaluationOptions } = options;
  const index = given ?? (await currentRuleIndex(db));
  if (isPolicyLoopEvent(index, event)) return { loop: true, decisions: [] };
  const rules = index.candidatesFor(event);
  if (rules.length === 0) return { loop: false, decisions: [] };
  const needsUser = rules.some((rule) =>
    index
      .bindingsOf(rule.pbmUuid)
      .some((entry) => entry.binding.policy === null || entry.policy?.kind === "expression"),
  );
  const user = needsUser ? await resolveEventUser(db, event.user) : null;
  const decisions: TRuleDecision[] = [];
  for (const rule of rules) {
    const evaluation = await evaluateRule(db, {
      rule,
      event,
      bindings: index.bindingsOf(rule.pbmUuid),
      user,
      ...evaluationOptions,
    });
    decisions.push({ rule, evaluation });
  }
  return { loop: false, decisions };
}
