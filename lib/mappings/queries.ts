import { and, asc, count, desc, eq, ilike, or, type SQL } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { type TWebhookMapping, transports, webhookMappings } from "@/db/schema";
import { likePattern } from "@/lib/api/like";
import { offsetOf, paginate, type TPaginated } from "@/lib/api/pagination";
import { AppError } from "@/lib/errors";
import { serializeMapping, type TSerializedMapping } from "./serialize";
import type { TMappingListQuery } from "./validation";

const NOT_FOUND = "No NotificationWebhookMapping matches the given query.";

export async function findMapping(db: DbOrTx, uuid: string): Promise<TWebhookMapping> {
  const [row] = await db.select().from(webhookMappings).where(eq(webhookMappings.pmUuid, uuid));
  if (!row) throw AppError.notFound(NOT_FOUND);
  return row;
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
  const rows = await db
    .select()
    .from(webhookMappings)
    .where(where)
    .orderBy(...orderBy(query.ordering))
    .limit(query.page_size)
    .offset(offsetOf(query));
  return paginate(query, Number(total), rows.map(serializeMapping));
}

export async function mappingUsedBy(db: DbOrTx, uuid: string) {
  await findMapping(db, uuid);
  const rows = await db
    .select({ uuid: transports.uuid, name: transports.name })
    .from(transports)
    .where(or(eq(transports.webhookMappingBody, uuid), eq(transports.webhookMappingHeaders, uuid)))
    .orderBy(asc(transports.name));
  return rows.map((row) => ({
    app: "herald_events",
    model_name: "notificationtransport",
    pk: row.uuid,
    name: row.name,
    action: "set_null" as const,
  }));
}
