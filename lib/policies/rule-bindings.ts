import { and, asc, eq, inArray } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { groups, policies, policyBindings, users, type TPolicy, type TPolicyBinding } from "@/db/schema";

/** A binding with what it binds, as the engine needs it. */
export type TRuleBinding = {
  binding: TPolicyBinding;
  policy: TPolicy | null;
  /** Group name or username for static bindings (labels in results and events). */
  subjectName: string | null;
};

/**
 * Enabled bindings of the given rules, ordered by `order`, in one query (dispatch preloads all
 * candidate rules at once instead of one query per rule).
 */
export async function loadRuleBindings(db: DbOrTx, ruleUuids: string[]): Promise<Map<string, TRuleBinding[]>> {
  const out = new Map<string, TRuleBinding[]>(ruleUuids.map((uuid) => [uuid, []]));
  if (ruleUuids.length === 0) return out;
  const rows = await db
    .select({ binding: policyBindings, policy: policies, groupName: groups.name, username: users.username })
    .from(policyBindings)
    .leftJoin(policies, eq(policies.policyUuid, policyBindings.policy))
    .leftJoin(groups, eq(groups.uuid, policyBindings.group))
    .leftJoin(users, eq(users.id, policyBindings.user))
    .where(and(inArray(policyBindings.target, ruleUuids), eq(policyBindings.enabled, true)))
    .orderBy(asc(policyBindings.order), asc(policyBindings.created), asc(policyBindings.policyBindingUuid));
  for (const row of rows) {
    out.get(row.binding.target)?.push({
      binding: row.binding,
      policy: row.policy,
      subjectName: row.policy?.name ?? row.groupName ?? row.username ?? null,
    });
  }
  return out;
}
