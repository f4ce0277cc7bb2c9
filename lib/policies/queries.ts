import { and, asc, count, desc, eq, ilike, inArray, type SQL, sql } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { policies, policyBindings, rules, type TPolicy, type TPolicyKind } from "@/db/schema";
import { likePattern } from "@/lib/api/like";
import { offsetOf, paginate, type TPaginated } from "@/lib/api/pagination";
import { AppError } from "@/lib/errors";
import { bindingLabel } from "./binding-serialize";
import { serializePolicy, type TSerializedPolicy } from "./serialize";
import type { TPolicyListQuery } from "./validation";

export const NOT_FOUND = "No Policy matches the given query.";

export async function findPolicy(db: DbOrTx, uuid: string, kind?: TPolicyKind): Promise<TPolicy> {
  const [row] = await db
    .select()
    .from(policies)
    .where(and(eq(policies.policyUuid, uuid), kind ? eq(policies.kind, kind) : undefined));
  if (!row) throw AppError.notFound(NOT_FOUND);
  return row;
}

export async function boundToCounts(db: DbOrTx, uuids: string[]): Promise<Map<string, number>> {
  const out = new Map(uuids.map((uuid) => [uuid, 0]));
  if (uuids.length === 0) return out;
  const rows = await db
    .select({ policy: policyBindings.policy, n: count() })
    .from(policyBindings)
    .where(inArray(policyBindings.policy, uuids))
    .groupBy(policyBindings.policy);
  for (const row of rows) if (row.policy) out.set(row.policy, Number(row.n));
  return out;
}

export async function getSerializedPolicy(db: DbOrTx, uuid: string, kind?: TPolicyKind): Promise<TSerializedPolicy> {
  const policy = await findPolicy(db, uuid, kind);
  return serializePolicy(policy, (await boundToCounts(db, [uuid])).get(uuid) ?? 0);
}

const ORDERABLE = {
  name: policies.name,
  execution_logging: policies.executionLogging,
  created: policies.created,
} as const;

function orderBy(ordering: string | undefined): SQL[] {
  const field = ordering?.replace(/^-/, "") as keyof typeof ORDERABLE | undefined;
  const column = field && ORDERABLE[field];
  if (!column) return [asc(policies.name)];
  return [ordering?.startsWith("-") ? desc(column) : asc(column), asc(policies.policyUuid)];
}

export async function listPolicies(
  db: DbOrTx,
  kind: TPolicyKind | undefined,
  query: TPolicyListQuery,
): Promise<TPaginated<TSerializedPolicy>> {
  const hasBinding = sql`exists (select 1 from ${policyBindings} where ${policyBindings.policy} = ${policies.policyUuid})`;
  const where = and(
    kind ? eq(policies.kind, kind) : undefined,
    query.name !== undefined ? eq(policies.name, query.name) : undefined,
    query.search ? ilike(policies.name, likePattern(query.search)) : undefined,
    query.policy_uuid ? eq(policies.policyUuid, query.policy_uuid) : undefined,
    query.execution_logging !== undefined ? eq(policies.executionLogging, query.execution_logging) : undefined,
    query.action !== undefined ? eq(policies.matchAction, query.action) : undefined,
    query.app !== undefined ? eq(policies.matchApp, query.app) : undefined,
    query.model !== undefined ? eq(policies.matchModel, query.model) : undefined,
    query.client_ip !== undefined ? eq(policies.matchClientIp, query.client_ip) : undefined,
    query.expression !== undefined ? eq(policies.expression, query.expression) : undefined,
    query.bindings__isnull === true
      ? sql`not ${hasBinding}`
      : query.bindings__isnull === false
        ? hasBinding
        : undefined,
  );
  const [{ total }] = await db.select({ total: count() }).from(policies).where(where);
  const rows = await db
    .select()
    .from(policies)
    .where(where)
    .orderBy(...orderBy(query.ordering))
    .limit(query.page_size)
    .offset(offsetOf(query));
  const counts = await boundToCounts(
    db,
    rows.map((row) => row.policyUuid),
  );
  return paginate(
    query,
    Number(total),
    rows.map((row) => serializePolicy(row, counts.get(row.policyUuid) ?? 0)),
  );
}

export type TUsedBy = { app: string; model_name: string; pk: string; name: string; action: "cascade" | "set_null" };

/** Deleting a policy deletes its bindings (authentik's used_by shape). */
export async function policyUsedBy(db: DbOrTx, uuid: string, kind?: TPolicyKind): Promise<TUsedBy[]> {
  const policy = await findPolicy(db, uuid, kind);
  const rows = await db
    .select({ uuid: policyBindings.policyBindingUuid, order: policyBindings.order, rule: rules.name })
    .from(policyBindings)
    .innerJoin(rules, eq(rules.pbmUuid, policyBindings.target))
    .where(eq(policyBindings.policy, uuid))
    .orderBy(asc(rules.name), asc(policyBindings.order));
  return rows.map((row) => ({
    app: "herald_policies",
    model_name: "policybinding",
    pk: row.uuid,
    name: bindingLabel(row.rule, row.order, policy.name),
    action: "cascade" as const,
  }));
}
