import { inArray } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { groups, policies, users, type TGroup, type TPolicyBinding, type TUser } from "@/db/schema";
import { boundToCounts } from "./queries";
import { serializePolicy, type TSerializedPolicy } from "./serialize";

/** authentik's PolicyBinding shape, with the bound object inlined (policy_obj / group_obj / user_obj). */
export type TSerializedBinding = {
  pk: string;
  policy: string | null;
  group: string | null;
  user: number | null;
  policy_obj: TSerializedPolicy | null;
  group_obj: Record<string, unknown> | null;
  user_obj: Record<string, unknown> | null;
  target: string;
  negate: boolean;
  enabled: boolean;
  order: number;
  timeout: number;
  failure_result: boolean;
  expires: null;
  expiring: boolean;
};

export function partialGroup(group: TGroup): Record<string, unknown> {
  return { pk: group.uuid, num_pk: group.numPk, name: group.name, is_superuser: group.isSuperuser, attributes: group.attributes };
}

export function partialUser(user: TUser): Record<string, unknown> {
  return {
    pk: user.id,
    username: user.username,
    name: user.name,
    is_active: user.isActive,
    last_login: user.lastLogin ? user.lastLogin.toISOString() : null,
    email: user.email,
    attributes: user.attributes,
    uid: user.uuid,
  };
}

/** Serialises a page of bindings with three batched lookups (no query per row). */
export async function serializeBindings(db: DbOrTx, rows: TPolicyBinding[]): Promise<TSerializedBinding[]> {
  const ids = <T>(pick: (row: TPolicyBinding) => T | null) => [...new Set(rows.map(pick).filter((v): v is T => v !== null))];
  const [policyIds, groupIds, userIds] = [ids((r) => r.policy), ids((r) => r.group), ids((r) => r.user)];
  const policyRows = policyIds.length ? await db.select().from(policies).where(inArray(policies.policyUuid, policyIds)) : [];
  const groupRows = groupIds.length ? await db.select().from(groups).where(inArray(groups.uuid, groupIds)) : [];
  const userRows = userIds.length ? await db.select().from(users).where(inArray(users.id, userIds)) : [];
  const counts = await boundToCounts(db, policyRows.map((p) => p.policyUuid));
  const policyById = new Map(policyRows.map((p) => [p.policyUuid, serializePolicy(p, counts.get(p.policyUuid) ?? 0)]));
  const groupById = new Map(groupRows.map((g) => [g.uuid, partialGroup(g)]));
  const userById = new Map(userRows.map((u) => [u.id, partialUser(u)]));
  return rows.map((row) => ({
    pk: row.policyBindingUuid,
    policy: row.policy,
    group: row.group,
    user: row.user,
    policy_obj: row.policy ? (policyById.get(row.policy) ?? null) : null,
    group_obj: row.group ? (groupById.get(row.group) ?? null) : null,
    user_obj: row.user !== null ? (userById.get(row.user) ?? null) : null,
    target: row.target,
    negate: row.negate,
    enabled: row.enabled,
    order: row.order,
    timeout: row.timeout,
    failure_result: row.failureResult,
    expires: null,
    expiring: false,
  }));
}

export function bindingAuditSnapshot(row: TPolicyBinding): Record<string, unknown> {
  return {
    policy_binding_uuid: row.policyBindingUuid,
    target: row.target,
    policy: row.policy,
    group: row.group,
    user: row.user,
    negate: row.negate,
    enabled: row.enabled,
    order: row.order,
    timeout: row.timeout,
    failure_result: row.failureResult,
  };
}
