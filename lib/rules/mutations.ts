import { eq, inArray } from "drizzle-orm";
import type { Db, DbOrTx } from "@/db/client";
import { groups, rules, ruleTransports, transports } from "@/db/schema";
import { actorSnapshot, type TActor } from "@/lib/actor";
import { AppError, type TFieldErrors, withUniqueField } from "@/lib/errors";
import { recordAudit } from "@/lib/events/audit";
import { findRule } from "./queries";
import { ruleAuditSnapshot, ruleModelRef, type TRuleWithRelations } from "./serialize";
import type { TRuleCreate, TRulePatch } from "./validation";

/** Notification rules (/api/v3/events/rules/): CRUD with their transports, audited in the same transaction. */
const APP = "herald.events";
const DUPLICATE = "notification rule with this name already exists.";

async function validateReferences(
  db: DbOrTx,
  input: { transports?: string[]; destination_group?: string | null },
): Promise<void> {
  const errors: TFieldErrors = {};
  if (input.transports?.length) {
    const found = new Set(
      (
        await db.select({ uuid: transports.uuid }).from(transports).where(inArray(transports.uuid, input.transports))
      ).map((row) => row.uuid),
    );
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
      await recordAudit(tx, {
        kind: "created",
        app: APP,
        actor: actorSnapshot(actor),
        clientIp: actor.clientIp,
        model: ruleModelRef(created),
        after: ruleAuditSnapshot(created),
      });
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
        kind: "updated",
        app: APP,
        actor: actorSnapshot(actor),
        clientIp: actor.clientIp,
        model: ruleModelRef(after),
        before: ruleAuditSnapshot(before),
        after: ruleAuditSnapshot(after),
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
    await recordAudit(tx, {
      kind: "deleted",
      app: APP,
      actor: actorSnapshot(actor),
      clientIp: actor.clientIp,
      model: ruleModelRef(row),
      before: ruleAuditSnapshot(row),
    });
  });
}
