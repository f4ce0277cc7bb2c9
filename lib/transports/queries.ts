import { and, asc, count, desc, eq, ilike, or, type SQL } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { rules, ruleTransports, type TTransport, transports } from "@/db/schema";
import { likePattern } from "@/lib/api/like";
import { offsetOf, paginate, type TPaginated } from "@/lib/api/pagination";
import { AppError } from "@/lib/errors";
import { serializeTransport, type TSerializedTransport } from "./serialize";
import type { TTransportListQuery } from "./validation";

const NOT_FOUND = "No NotificationTransport matches the given query.";

export async function findTransport(db: DbOrTx, uuid: string): Promise<TTransport> {
  const [row] = await db.select().from(transports).where(eq(transports.uuid, uuid));
  if (!row) throw AppError.notFound(NOT_FOUND);
  return row;
}

const ORDERING: Record<string, SQL> = {
  name: asc(transports.name),
  "-name": desc(transports.name),
  mode: asc(transports.mode),
  "-mode": desc(transports.mode),
};

export async function listTransports(
  db: DbOrTx,
  query: TTransportListQuery,
): Promise<TPaginated<TSerializedTransport>> {
  const where = and(
    query.name !== undefined ? eq(transports.name, query.name) : undefined,
    query.mode !== undefined ? eq(transports.mode, query.mode) : undefined,
    query.webhook_url !== undefined ? eq(transports.webhookUrl, query.webhook_url) : undefined,
    query.send_once !== undefined ? eq(transports.sendOnce, query.send_once) : undefined,
    query.search
      ? or(
          ilike(transports.name, likePattern(query.search)),
          ilike(transports.mode, likePattern(query.search)),
          ilike(transports.webhookUrl, likePattern(query.search)),
        )
      : undefined,
  );
  const [{ total }] = await db.select({ total: count() }).from(transports).where(where);
  const rows = await db
    .select()
    .from(transports)
    .where(where)
    .orderBy(ORDERING[query.ordering ?? "name"] ?? asc(transports.name), asc(transports.uuid))
    .limit(query.page_size)
    .offset(offsetOf(query));
  return paginate(query, Number(total), rows.map(serializeTransport));
}

/** authentik's used_by: the rules that send through this transport (their link is removed on delete). */
export async function transportUsedBy(db: DbOrTx, uuid: string) {
  await findTransport(db, uuid);
  const rows = await db
    .select({ uuid: rules.pbmUuid, name: rules.name })
    .from(ruleTransports)
    .innerJoin(rules, eq(rules.pbmUuid, ruleTransports.rule))
    .where(eq(ruleTransports.transport, uuid))
    .orderBy(asc(rules.name));
  return rows.map((row) => ({
    app: "herald_events",
    model_name: "notificationrule",
    pk: row.uuid,
    name: row.name,
    action: "set_null" as const,
  }));
}
