import { and, asc, count, desc, eq, ilike, inArray, or, type SQL } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { groups, policyBindings, rules, ruleTransports, type TRule } from "@/db/schema";
import { likePattern } from "@/lib/api/like";
import { offsetOf, paginate, type TPaginated } from "@/lib/api/pagination";
import { AppError } from "@/lib/errors";
import { serializeRule, type TRuleWithRelations, type TSerializedRule } from "./serialize";
import type { TRuleListQuery } from "./validation";

const NOT_FOUND = "No NotificationRule matches the given query.";

async function withRelations(db: DbOrTx, rows: TRule[]): Promise<TRuleWithRelations[]> {
  if (rows.length === 0) return [];
  const ids = rows.map((row) => row.pbmUuid);
  const links = await db.select().from(ruleTransports).where(inArray(ruleTransports.rule, ids));
  const groupIds = [...new Set(rows.map((row) => row.destinationGroup).filter((id): id is string => Boolean(id)))];
  const groupRows = groupIds.length ? await db.select().from(groups).where(inArray(groups.uuid, groupIds)) : [];
  const bindingCounts = await db
    .select({ target: policyBindings.target, n: count() })
    .from(policyBindings)
    .where(inArray(policyBindings.target, ids))
    .groupBy(policyBindings.target);
  return rows.map((row) => ({
    ...row,
    transportUuids: links
      .filter((link) => link.rule === row.pbmUuid)
      .map((link) => link.transport)
      .sort(),
    group: groupRows.find((group) => group.uuid === row.destinationGroup) ?? null,
    bindingCount: Number(bindingCounts.find((entry) => entry.target === row.pbmUuid)?.n ?? 0),
  }));
}

export async function findRule(db: DbOrTx, uuid: string): Promise<TRuleWithRelations> {
  const [row] = await db.select().from(rules).where(eq(rules.pbmUuid, uuid));
  if (!row) throw AppError.notFound(NOT_FOUND);
  return (await withRelations(db, [row]))[0];
}

const ORDERING: Record<string, SQL> = {
  name: asc(rules.name),
  "-name": desc(rules.name),
  severity: asc(rules.severity),
  "-severity": desc(rules.severity),
};

export async function listRules(db: DbOrTx, query: TRuleListQuery): Promise<TPaginated<TSerializedRule>> {
  const groupFilter = query.destination_group__name
    ? inArray(
        rules.destinationGroup,
        db.select({ uuid: groups.uuid }).from(groups).where(eq(groups.name, query.destination_group__name)),
      )
    : undefined;
  const where = and(
    query.name !== undefined ? eq(rules.name, query.name) : undefined,
    query.severity !== undefined ? eq(rules.severity, query.severity) : undefined,
    groupFilter,
    query.search
      ? or(ilike(rules.name, likePattern(query.search)), ilike(rules.severity, likePattern(query.search)))
      : undefined,
  );
  const [{ total }] = await db.select({ total: count() }).from(rules).where(where);
  const rows = await db
    .select()
    .from(rules)
    .where(where)
    .orderBy(ORDERING[query.ordering ?? "name"] ?? asc(rules.name), asc(rules.pbmUuid))
    .limit(query.page_size)
    .offset(offsetOf(query));
  return paginate(query, Number(total), (await withRelations(db, rows)).map(serializeRule));
}

/** Bindings are deleted with the rule. */
export async function ruleUsedBy(db: DbOrTx, uuid: string) {
  await findRule(db, uuid);
  const rows = await db
    .select({ uuid: policyBindings.policyBindingUuid, order: policyBindings.order })
    .from(policyBindings)
    .where(eq(policyBindings.target, uuid))
    .orderBy(asc(policyBindings.order));
  return rows.map((row) => ({
    app: "herald_policies",
    model_name: "policybinding",
    pk: row.uuid,
    name: `Binding #${row.order}`,
    action: "cascade" as const,
  }));
}
