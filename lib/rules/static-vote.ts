import type { TEngineMode } from "@/db/schema";
import type { TResolvedUser } from "@/lib/policies/resolve-user";
import type { TRuleBinding } from "./rule-bindings";

/**
 * Group and user bindings fold into ONE vote (as in authentik's PolicyEngine): a binding passes when it matches
 * the user (user binding: same user; group binding: the user is in the group or in one of its
 * descendants) — or, negated, when it does not. Mode any: one passing binding; all: every one.
 * Without a resolved user (anonymous, unknown or inactive) the vote is false, negated or not,
 * as in authentik where a user without a pk gets no passing count.
 */
export function staticVote(
  bindings: TRuleBinding[],
  user: TResolvedUser | null,
  mode: TEngineMode,
): { passing: boolean; messages: string[] } | null {
  if (bindings.length === 0) return null;
  if (!user)
    return { passing: false, messages: ["No Herald user for this event; group and user bindings do not match."] };
  let passing = 0;
  for (const { binding } of bindings) {
    const matches =
      binding.user !== null
        ? binding.user === user.user.id
        : binding.group !== null && user.groupUuids.has(binding.group);
    if (matches !== binding.negate) passing++;
  }
  return { passing: mode === "all" ? passing === bindings.length : passing > 0, messages: [] };
}
