import { likePattern } from "@/lib/api/like";
import { and, asc, count, desc, eq, ilike, or, type SQL } from "drizzle-orm";
import type { Db, DbOrTx } from "@/db/client";
import { transports, webhookMappings, type TWebhookMapping } from "@/db/schema";
import { offsetOf, paginate, type TPaginated } from "@/lib/api/pagination";
import { actorSnapshot, type TActor } from "@/lib/actor";
import { AppError, withUniqueField } from "@/lib/errors";
import { recordAudit } from "@/lib/events/audit";
import { checkExpressionSyntax } from "@/lib/sandbox/run-expression";
import { mappingModelRef } from "./model-ref";
import { MAPPING_GLOBALS } from "./run-mapping";
import type { TMappingListQuery, TMappingPatch } from "./validation";

/** Webhook mappings (/api/v3/propertymappings/notification/): CRUD, audited in the same transaction. */
const NOT_FOUND = "No NotificationWebhookMapping matches the given query.";
const DUPLICATE = "notification webhook mapping with this name already exists.";
const APP = "herald.events";

export const MAPPING_META = {
  component: "ak-property-mapping-notification-form",
  verbose_name: "Webhook Mapping",
  verbose_name_plural: "Webhook Mappings",
  meta_model_name: "authentik_events.notificationwebhookmapping",
} as const;

export function serializeMapping(row: TWebhookMapping) {
  return { pk: row.pmUuid, managed: row.managed, name: row.name, expression: row.expression, ...MAPPING_META };
}
export type TSerializedMapping = ReturnType<typeof serializeMapping>;

const snapshot = (row: TWebhookMapping) => ({ pm_uuid: row.pmUuid, name: row.name, expression: row.expression });

export async function findMapping(db: DbOrTx, uuid: string): Promise<TWebhookMapping> {
  const [row] = await db.select().from(webhookMappings).where(eq(webhookMappings.pmUuid, uuid));
  if (!row) throw AppError.notFound(NOT_FOUND);
  return row;
}

async function assertCompiles(expression: string | undefined): Promise<void> {
  if (expression === undefined) return;
  const error = await checkExpressionSyntax(expression, [...MAPPING_GLOBALS]);
  if (error) throw AppError.field("expression", error);
}

export async function createMapping(db: Db, actor: TActor, input: { name: string; expression: string }): Promise<TWebhookMapping> {
  await assertCompiles(input.expression);
  return withUniqueField("name", DUPLICATE, () =>
    db.transaction(async (tx) => {
      const [row] = await tx.insert(webhookMappings).values(input).returning();
      await recordAudit(tx, { kind: "created", app: APP, actor: actorSnapshot(actor), clientIp: actor.clientIp, model: mappingModelRef(row), after: snapshot(row) });
      return row;
    }),
  );
}

export async function updateMapping(db: Db, actor: TActor, uuid: string, patch: TMappingPatch): Promise<TWebhookMapping> {
  await assertCompiles(patch.expression);
  return withUniqueField("name", DUPLICATE, () =>
    db.transaction(async (tx) => {
      const before = await findMapping(tx, uuid);
      const [after] = await tx
        .update(webhookMappings)
        .set({ ...patch, lastUpdated: new Date() })
        .where(eq(webhookMappings.pmUuid, uuid))
        .returning();
      await recordAudit(tx, {
        kind: "updated", app: APP, actor: actorSnapshot(actor), clientIp: actor.clientIp,
        model: mappingModelRef(after), before: snapshot(before), after: snapshot(after),
      });
      return after;
    }),
  );
}

/** Transports that used the mapping keep working without it (ON DELETE SET NULL). */
export async function deleteMapping(db: Db, actor: TActor, uuid: string): Promise<void> {
  await db.transaction(async (tx) => {
    const row = await findMapping(tx, uuid);
    await tx.delete(webhookMappings).where(eq(webhookMappings.pmUuid, uuid));
    await recordAudit(tx, { kind: "deleted", app: APP, actor: actorSnapshot(actor), clientIp: actor.clientIp, model: mappingModelRef(row), before: snapshot(row) });
  });
}

function orderBy(ordering: string | undefined): SQL[] {
  if (ordering === "-name") return [desc(webhookMappings.name)];
  return [asc(webhookMappings.name)];
}

export async function listMappings(db: DbOrTx, query: TMappingListQuery): Promise<TPaginated<TSerializedMapping>> {
  const where = and(
    query.name !== undefined ? eq(webhookMappings.name, query.name) : undefined,
    query.managed !== undefined ? eq(webhookMappings.managed, query.managed) : undefined,
    query.search ? ilike(webhookMappings.name, likePattern(query.search)) : undefined,
  );
  const [{ total }] = await db.select({ total: count() }).from(webhookMappings).where(where);
  const rows = await db.select().from(webhookMappings).where(where).orderBy(...orderBy(query.ordering)).limit(query.page_size).offset(offsetOf(query));
  return paginate(query, Number(total), rows.map(serializeMapping));
}

export async function mappingUsedBy(db: DbOrTx, uuid: string) {
  await findMapping(db, uuid);
  const rows = await db
    .select({ uuid: transports.uuid, name: transports.name })
    .from(transports)
    .where(or(eq(transports.webhookMappingBody, uuid), eq(transports.webhookMappingHeaders, uuid)))
    .orderBy(asc(transports.name));
  return rows.map((row) => ({ app: "herald_events", model_name: "notificationtransport", pk: row.uuid, name: row.name, action: "set_null" as const }));
}
