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
import { candidateKeys, findCandidateRules } from "./candidate-rules";
import { evaluateRule, type TRuleEvaluation } from "./evaluate-rule";
import { isPolicyLoopEvent } from "./loop-guard";
import { resolveEventUser } from "./resolve-user";
import { loadRuleBindings } from "./rule-bindings";

export type TRuleDecision = { rule: TRule; evaluation: TRuleEvaluation };

type TCandidates = { rules: TRule[]; bindings: Awaited<ReturnType<typeof loadRuleBindings>> };

/**
 * Candidate rules and their bindings depend only on the event's candidate keys (action, app,
 * model, client IP): events of one dispatch batch that share them share one lookup. Use one cache
 * per batch, never across batches (rules change).
 */
export type TCandidateCache = Map<string, Promise<TCandidates>>;

async function loadCandidates(db: DbOrTx, event: TEvent): Promise<TCandidates> {
  const rules = await findCandidateRules(db, event);
  return { rules, bindings: rules.length ? await loadRuleBindings(db, rules.map((rule) => rule.pbmUuid)) : new Map() };
}

export async function evaluateEvent(
  db: DbOrTx,
  event: TEvent,
  options: { dryRun?: boolean; timeoutCapMs?: number; cache?: TCandidateCache } = {},
): Promise<{ loop: boolean; decisions: TRuleDecision[] }> {
  if (await isPolicyLoopEvent(db, event)) return { loop: true, decisions: [] };
  const { cache, ...evaluationOptions } = options;
  let candidates: Promise<TCandidates>;
  if (cache) {
    const key = JSON.stringify(candidateKeys(event));
    candidates = cache.get(key) ?? loadCandidates(db, event);
    cache.set(key, candidates);
  } else {
    candidates = loadCandidates(db, event);
  }
  const { rules, bindings } = await candidates;
  if (rules.length === 0) return { loop: false, decisions: [] };
  const needsUser = [...bindings.values()].some((list) =>
    list.some((entry) => entry.binding.policy === null || entry.policy?.kind === "expression"),
  );
  const user = needsUser ? await resolveEventUser(db, event.user) : null;
  const decisions: TRuleDecision[] = [];
  for (const rule of rules) {
    const evaluation = await evaluateRule(db, { rule, event, bindings: bindings.get(rule.pbmUuid) ?? [], user, ...evaluationOptions });
    decisions.push({ rule, evaluation });
  }
  return { loop: false, decisions };
}
