import { and, asc, count, desc, eq, ilike, inArray, isNotNull, isNull, type SQL } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { groups, policies, policyBindings, type TPolicyBinding, users } from "@/db/schema";
import { likePattern } from "@/lib/api/like";
import { offsetOf, paginate, type TPaginated } from "@/lib/api/pagination";
import { AppError } from "@/lib/errors";
import { serializePartialUser } from "@/lib/users/serialize";
import { partialGroup, type TSerializedBinding } from "./binding-serialize";
import { boundToCounts } from "./queries";
import { serializePolicy } from "./serialize";
import type { TBindingListQuery } from "./validation";

const NOT_FOUND = "No PolicyBinding matches the given query.";

export async function findBinding(db: DbOrTx, uuid: string): Promise<TPolicyBinding> {
  const [row] = await db.select().from(policyBindings).where(eq(policyBindings.policyBindingUuid, uuid));
  if (!row) throw AppError.notFound(NOT_FOUND);
  return row;
}

/** Serialises a page of bindings with three batched lookups (no query per row). */
export async function serializeBindings(db: DbOrTx, rows: TPolicyBinding[]): Promise<TSerializedBinding[]> {
  const ids = <T>(pick: (row: TPolicyBinding) => T | null) => [
    ...new Set(rows.map(pick).filter((v): v is T => v !== null)),
  ];
  const [policyIds, groupIds, userIds] = [ids((r) => r.policy), ids((r) => r.group), ids((r) => r.user)];
  const policyRows = policyIds.length
    ? await db.select().from(policies).where(inArray(policies.policyUuid, policyIds))
    : [];
  const groupRows = groupIds.length ? await db.select().from(groups).where(inArray(groups.uuid, groupIds)) : [];
  const userRows = userIds.length ? await db.select().from(users).where(inArray(users.id, userIds)) : [];
  const counts = await boundToCounts(
    db,
    policyRows.map((p) => p.policyUuid),
  );
  const policyById = new Map(policyRows.map((p) => [p.policyUuid, serializePolicy(p, counts.get(p.policyUuid) ?? 0)]));
  const groupById = new Map(groupRows.map((g) => [g.uuid, partialGroup(g)]));
  const userById = new Map(userRows.map((u) => [u.id, serializePartialUser(u)]));
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

const ORDERABLE = {
  order: policyBindings.order,
  target: policyBindings.target,
  timeout: policyBindings.timeout,
  pk: policyBindings.policyBindingUuid,
} as const;

function orderBy(ordering: string | undefined): SQL[] {
  const fields = (ordering ?? "")
    .split(",")
    .map((f) => f.trim())
    .filter((f) => f.replace(/^-/, "") in ORDERABLE);
  if (fields.length === 0)
    return [asc(policyBindings.target), asc(policyBindings.order), asc(policyBindings.policyBindingUuid)];
  const keys = fields.map((f) =>
    (f.startsWith("-") ? desc : asc)(ORDERABLE[f.replace(/^-/, "") as keyof typeof ORDERABLE]),
  );
  return [...keys, asc(policyBindings.policyBindingUuid)];
}

export async function listBindings(db: DbOrTx, query: TBindingListQuery): Promise<TPaginated<TSerializedBinding>> {
  const where = and(
    query.target ? eq(policyBindings.target, query.target) : undefined,
    query.target_in?.length ? inArray(policyBindings.target, query.target_in) : undefined,
    query.policy ? eq(policyBindings.policy, query.policy) : undefined,
    query.policy__isnull === true
      ? isNull(policyBindings.policy)
      : query.policy__isnull === false
        ? isNotNull(policyBindings.policy)
        : undefined,
    query.enabled !== undefined ? eq(policyBindings.enabled, query.enabled) : undefined,
    query.order !== undefined ? eq(policyBindings.order, query.order) : undefined,
    query.timeout !== undefined ? eq(policyBindings.timeout, query.timeout) : undefined,
    query.search ? ilike(policies.name, likePattern(query.search)) : undefined,
  );
  const base = () =>
    db.select().from(policyBindings).leftJoin(policies, eq(policies.policyUuid, policyBindings.policy));
  const [{ total }] = await db
    .select({ total: count() })
    .from(policyBindings)
    .leftJoin(policies, eq(policies.policyUuid, policyBindings.policy))
    .where(where);
  const rows = await base()
    .where(where)
    .orderBy(...orderBy(query.ordering))
    .limit(query.page_size)
    .offset(offsetOf(query));
  return paginate(
    query,
    Number(total),
    await serializeBindings(
      db,
      rows.map((row) => row.policy_bindings),
    ),
  );
}

export async function getSerializedBinding(db: DbOrTx, uuid: string): Promise<TSerializedBinding> {
  const [serialized] = await serializeBindings(db, [await findBinding(db, uuid)]);
  return serialized;
}
