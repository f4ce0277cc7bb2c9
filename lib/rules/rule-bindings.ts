import { and, asc, eq, inArray, type SQL } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { groups, policies, policyBindings, type TPolicy, type TPolicyBinding, users } from "@/db/schema";

/** A binding with what it binds, as the engine needs it. */
export type TRuleBinding = {
  binding: TPolicyBinding;
  policy: TPolicy | null;
  /** Group name or username for static bindings (labels in results and events). */
  subjectName: string | null;
};

type TBindingRow = {
  binding: TPolicyBinding;
  policy: TPolicy | null;
  groupName: string | null;
  username: string | null;
};

/** Bindings (all, or those matching `where`) with what they bind, in evaluation order. */
export function selectBindingRows(db: DbOrTx, where?: SQL): Promise<TBindingRow[]> {
  return db
    .select({ binding: policyBindings, policy: policies, groupName: groups.name, username: users.username })
    .from(policyBindings)
    .leftJoin(policies, eq(policies.policyUuid, policyBindings.policy))
    .leftJoin(groups, eq(groups.uuid, policyBindings.group))
    .leftJoin(users, eq(users.id, policyBindings.user))
    .where(where)
    .orderBy(asc(policyBindings.order), asc(policyBindings.created), asc(policyBindings.policyBindingUuid));
}

export function toRuleBinding({ binding, policy, groupName, username }: TBindingRow): TRuleBinding {
  return { binding, policy, subjectName: policy?.name ?? groupName ?? username ?? null };
}

/**
 * Enabled bindings of the given rules, ordered by `order`, in one query (dispatch itself reads
 * them from the in-memory rule index).
 */
export async function loadRuleBindings(db: DbOrTx, ruleUuids: string[]): Promise<Map<string, TRuleBinding[]>> {
  const out = new Map<string, TRuleBinding[]>(ruleUuids.map((uuid) => [uuid, []]));
  if (ruleUuids.length === 0) return out;
  const rows = await selectBindingRows(
    db,
    and(inArray(policyBindings.target, ruleUuids), eq(policyBindings.enabled, true)),
  );
  for (const row of rows) out.get(row.binding.target)?.push(toRuleBinding(row));
  return out;
}
