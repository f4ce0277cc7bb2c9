import { and, asc, count, desc, eq, ilike, inArray, or, type SQL } from "drizzle-orm";
import type { Db, DbOrTx } from "@/db/client";
import { groups, policyBindings, ruleTransports, rules, transports, type TGroup, type TModelRef, type TRule } from "@/db/schema";
import { likePattern } from "@/lib/api/like";
import { offsetOf, paginate, type TPaginated } from "@/lib/api/pagination";
import { actorSnapshot, type TActor } from "@/lib/actor";
import { AppError, withUniqueField, type TFieldErrors } from "@/lib/errors";
import { recordAudit } from "@/lib/events/audit";
import { serializePartialGroup } from "@/lib/users/serialize";
import type { TRuleCreate, TRuleListQuery, TRulePatch } from "./validation";

/** Notification rules (/api/v3/events/rules/): CRUD with their transports, audited in the same transaction. */
const NOT_FOUND = "No NotificationRule matches the given query.";
const APP = "herald.events";
const DUPLICATE = "notification rule with this name already exists.";

export function ruleModelRef(rule: Pick<TRule, "pbmUuid" | "name">): TModelRef {
  return { app: "herald_events", model_name: "notificationrule", pk: rule.pbmUuid.replaceAll("-", ""), name: rule.name };
}

export type TRuleWithRelations = TRule & { transportUuids: string[]; group: TGroup | null; bindingCount: number };

export function serializeRule(row: TRuleWithRelations) {
  return {
    pk: row.pbmUuid,
    name: row.name,
    transports: row.transportUuids,
    severity: row.severity,
    destination_group: row.destinationGroup,
    // authentik's client reads a full Group here (roles_obj is required); members are not expanded.
    destination_group_obj: row.group
      ? { ...serializePartialGroup(row.group), parents: row.group.parentUuid ? [row.group.parentUuid] : [], roles: [], roles_obj: [], children: [] }
      : null,
    destination_event_user: row.destinationEventUser,
    enabled: row.enabled,
    policy_engine_mode: row.policyEngineMode,
    managed: row.managed,
    /** Herald extension: how many policies/groups/users are bound (0 = the rule never fires). */
    bindings_count: row.bindingCount,
  };
}
export type TSerializedRule = ReturnType<typeof serializeRule>;

const snapshot = (row: TRuleWithRelations) => ({
  name: row.name,
  severity: row.severity,
  destination_group: row.destinationGroup,
  destination_event_user: row.destinationEventUser,
  enabled: row.enabled,
  policy_engine_mode: row.policyEngineMode,
  transports: [...row.transportUuids].sort(),
});

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
    transportUuids: links.filter((link) => link.rule === row.pbmUuid).map((link) => link.transport).sort(),
    group: groupRows.find((group) => group.uuid === row.destinationGroup) ?? null,
    bindingCount: Number(bindingCounts.find((entry) => entry.target === row.pbmUuid)?.n ?? 0),
  }));
}

export async function findRule(db: DbOrTx, uuid: string): Promise<TRuleWithRelations> {
  const [row] = await db.select().from(rules).where(eq(rules.pbmUuid, uuid));
  if (!row) throw AppError.notFound(NOT_FOUND);
  return (await withRelations(db, [row]))[0];
}

async function validateReferences(db: DbOrTx, input: { transports?: string[]; destination_group?: string | null }): Promise<void> {
  const errors: TFieldErrors = {};
  if (input.transports?.length) {
    const found = new Set((await db.select({ uuid: transports.uuid }).from(transports).where(inArray(transports.uuid, input.transports))).map((row) => row.uuid));
    const missing = input.transports.filter((id) => !found.has(id.toLowerCase()));
    if (missing.length) errors.transports = missing.map((id) => `Invalid pk "${id}" - object does not exist.`);
  }
  if (input.destination_group) {
    const [group] = await db.select({ uuid: groups.uuid }).from(groups).where(eq(groups.uuid, input.destination_group));
    if (!group) errors.destination_group = [`Invalid pk "${input.destination_group}" - object does not exist.`];
  }
  if (Object.keys(errors).length) throw AppError.validation(errors);
}

async function setTransports(db: DbOrTx, rule: string, ids: string[]): Promise<void> {
  await db.delete(ruleTransports).where(eq(ruleTransports.rule, rule));
  const unique = [...new Set(ids.map((id) => id.toLowerCase()))];
  if (unique.length) await db.insert(ruleTransports).values(unique.map((transport) => ({ rule, transport })));
}

export async function createRule(db: Db, actor: TActor, input: TRuleCreate): Promise<TRuleWithRelations> {
  await validateReferences(db, input);
  return withUniqueField("name", DUPLICATE, () =>
    db.transaction(async (tx) => {
      const [row] = await tx
        .insert(rules)
        .values({
          name: input.name,
          severity: input.severity,
          destinationGroup: input.destination_group,
          destinationEventUser: input.destination_event_user,
          enabled: input.enabled,
          policyEngineMode: input.policy_engine_mode,
        })
        .returning();
      await setTransports(tx, row.pbmUuid, input.transports);
      const created = await findRule(tx, row.pbmUuid);
      await recordAudit(tx, { kind: "created", app: APP, actor: actorSnapshot(actor), clientIp: actor.clientIp, model: ruleModelRef(created), after: snapshot(created) });
      return created;
    }),
  );
}

export async function updateRule(db: Db, actor: TActor, uuid: string, patch: TRulePatch): Promise<TRuleWithRelations> {
  await validateReferences(db, patch);
  return withUniqueField("name", DUPLICATE, () =>
    db.transaction(async (tx) => {
      const before = await findRule(tx, uuid);
      await tx
        .update(rules)
        .set({
          ...(patch.name !== undefined ? { name: patch.name } : {}),
          ...(patch.severity !== undefined ? { severity: patch.severity } : {}),
          ...(patch.destination_group !== undefined ? { destinationGroup: patch.destination_group } : {}),
          ...(patch.destination_event_user !== undefined ? { destinationEventUser: patch.destination_event_user } : {}),
          ...(patch.enabled !== undefined ? { enabled: patch.enabled } : {}),
          ...(patch.policy_engine_mode !== undefined ? { policyEngineMode: patch.policy_engine_mode } : {}),
          lastUpdated: new Date(),
        })
        .where(eq(rules.pbmUuid, uuid));
      if (patch.transports !== undefined) await setTransports(tx, uuid, patch.transports);
      const after = await findRule(tx, uuid);
      await recordAudit(tx, {
        kind: "updated", app: APP, actor: actorSnapshot(actor), clientIp: actor.clientIp,
        model: ruleModelRef(after), before: snapshot(before), after: snapshot(after),
      });
      return after;
    }),
  );
}

/** Bindings go with the rule (cascade); notifications and deliveries keep their history (rule set null). */
export async function deleteRule(db: Db, actor: TActor, uuid: string): Promise<void> {
  await db.transaction(async (tx) => {
    const row = await findRule(tx, uuid);
    await tx.delete(rules).where(eq(rules.pbmUuid, uuid));
    await recordAudit(tx, { kind: "deleted", app: APP, actor: actorSnapshot(actor), clientIp: actor.clientIp, model: ruleModelRef(row), before: snapshot(row) });
  });
}

const ORDERING: Record<string, SQL> = {
  name: asc(rules.name),
  "-name": desc(rules.name),
  severity: asc(rules.severity),
  "-severity": desc(rules.severity),
};

export async function listRules(db: DbOrTx, query: TRuleListQuery): Promise<TPaginated<TSerializedRule>> {
  const groupFilter = query.destination_group__name
    ? inArray(rules.destinationGroup, db.select({ uuid: groups.uuid }).from(groups).where(eq(groups.name, query.destination_group__name)))
    : undefined;
  const where = and(
    query.name !== undefined ? eq(rules.name, query.name) : undefined,
    query.severity !== undefined ? eq(rules.severity, query.severity) : undefined,
    groupFilter,
    query.search ? or(ilike(rules.name, likePattern(query.search)), ilike(rules.severity, likePattern(query.search))) : undefined,
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
  const rows = await db.select({ uuid: policyBindings.policyBindingUuid, order: policyBindings.order }).from(policyBindings).where(eq(policyBindings.target, uuid)).orderBy(asc(policyBindings.order));
  return rows.map((row) => ({ app: "herald_policies", model_name: "policybinding", pk: row.uuid, name: `Binding #${row.order}`, action: "cascade" as const }));
}
