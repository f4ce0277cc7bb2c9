import { and, asc, count, desc, eq, type SQL } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import {
  deliveries,
  deliveryAttempts,
  events,
  ruleDecisions,
  rules,
  type TDelivery,
  transports,
  users,
} from "@/db/schema";
import { afterCursor, cursorAtSql, cursorPage, cursorPagination, type TCursor } from "@/lib/api/cursor";
import { offsetOf, paginate, type TPaginated } from "@/lib/api/pagination";
import { AppError } from "@/lib/errors";
import { serializeEvent } from "@/lib/events/serialize";
import { serializeDelivery, type TSerializedDelivery } from "./serialize";
import type { TDeliveryListQuery } from "./validation";

/** The delivery ledger (/api/v3/events/deliveries/, a Herald extension): admin-only reading and replay. */
const NOT_FOUND = "No Delivery matches the given query.";

function joined(db: DbOrTx) {
  return db
    .select({
      delivery: deliveries,
      at: cursorAtSql(deliveries.created),
      transportName: transports.name,
      transportMode: transports.mode,
      ruleName: rules.name,
      username: users.username,
    })
    .from(deliveries)
    .leftJoin(transports, eq(transports.uuid, deliveries.transport))
    .leftJoin(rules, eq(rules.pbmUuid, deliveries.rule))
    .leftJoin(users, eq(users.id, deliveries.user));
}

export function deliveryFilters(query: {
  status?: string;
  transport?: string;
  rule?: string;
  event?: string;
}): SQL | undefined {
  return and(
    query.status ? eq(deliveries.status, query.status as TDelivery["status"]) : undefined,
    query.transport ? eq(deliveries.transport, query.transport) : undefined,
    query.rule ? eq(deliveries.rule, query.rule) : undefined,
    query.event ? eq(deliveries.event, query.event) : undefined,
  );
}

const ORDERING: Record<string, SQL> = {
  created: asc(deliveries.created),
  "-created": desc(deliveries.created),
  updated: asc(deliveries.updated),
  "-updated": desc(deliveries.updated),
};

export type TDeliveryPage = TPaginated<TSerializedDelivery> & {
  pagination: TPaginated<TSerializedDelivery>["pagination"] & { next_cursor: string | null };
};

const keyOf = (row: { at: string; delivery: TDelivery }): TCursor => ({ at: row.at, id: row.delivery.uuid });

export async function listDeliveries(db: DbOrTx, query: TDeliveryListQuery): Promise<TDeliveryPage> {
  const where = deliveryFilters(query);
  const ordering = query.ordering ?? "-created";
  if (query.cursor) {
    if (ordering !== "-created") throw AppError.validation({ ordering: ["A cursor page is ordered by -created."] });
    // Keyset page over deliveries_created_uuid_idx: one index range however deep, and no count.
    const rows = await joined(db)
      .where(and(where, afterCursor(deliveries.created, deliveries.uuid, query.cursor, "desc")))
      .orderBy(desc(deliveries.created), desc(deliveries.uuid))
      .limit(query.page_size + 1);
    const page = cursorPage(rows, query.page_size, keyOf);
    return {
      pagination: cursorPagination(page.rows.length, page.nextCursor),
      results: page.rows.map(serializeDelivery),
      autocomplete: {},
    };
  }
  const [{ total }] = await db.select({ total: count() }).from(deliveries).where(where);
  const rows = await joined(db)
    .where(where)
    .orderBy(ORDERING[ordering], desc(deliveries.uuid))
    .limit(query.page_size + 1)
    .offset(offsetOf(query));
  const page = cursorPage(rows, query.page_size, keyOf);
  const paginated = paginate(query, Number(total), page.rows.map(serializeDelivery));
  // A page-numbered answer names its last row too (newest first only), so a client can switch to cursors.
  const nextCursor = ordering === "-created" ? page.nextCursor : null;
  return { ...paginated, pagination: { ...paginated.pagination, next_cursor: nextCursor } };
}

/** One delivery with its trace: the event, the rule's decision for it, and every attempt. */
export async function deliveryTrace(db: DbOrTx, uuid: string) {
  const [row] = await joined(db).where(eq(deliveries.uuid, uuid));
  if (!row) throw AppError.notFound(NOT_FOUND);
  const { delivery } = row;
  const [event] = delivery.event ? await db.select().from(events).where(eq(events.eventUuid, delivery.event)) : [];
  const [decision] =
    delivery.event && delivery.rule
      ? await db
          .select()
          .from(ruleDecisions)
          .where(and(eq(ruleDecisions.event, delivery.event), eq(ruleDecisions.rule, delivery.rule)))
      : [];
  const attempts = await db
    .select()
    .from(deliveryAttempts)
    .where(eq(deliveryAttempts.delivery, uuid))
    .orderBy(asc(deliveryAttempts.attempt), asc(deliveryAttempts.startedAt));
  return {
    ...serializeDelivery(row),
    event_obj: event ? serializeEvent(event) : null,
    rule_decision: decision
      ? {
          passing: decision.passing,
          messages: decision.messages,
          recipients: decision.recipients,
          created: decision.created.toISOString(),
        }
      : null,
    attempts_log: attempts.map((attempt) => ({
      attempt: attempt.attempt,
      started_at: attempt.startedAt.toISOString(),
      duration_ms: attempt.durationMs,
      ok: attempt.ok,
      http_status: attempt.httpStatus,
      smtp_response: attempt.smtpResponse,
      error: attempt.error,
      response_excerpt: attempt.responseExcerpt,
    })),
  };
}

export type TDeliveryTrace = Awaited<ReturnType<typeof deliveryTrace>>;

export async function deadDeliveryIds(
  db: DbOrTx,
  filters: { transport?: string; rule?: string },
  limit = 10_000,
): Promise<string[]> {
  const rows = await db
    .select({ uuid: deliveries.uuid })
    .from(deliveries)
    .where(and(eq(deliveries.status, "dead"), deliveryFilters(filters)))
    .limit(limit);
  return rows.map((row) => row.uuid);
}

export async function deliveryCounts(db: DbOrTx): Promise<Record<string, number>> {
  const rows = await db.select({ status: deliveries.status, n: count() }).from(deliveries).groupBy(deliveries.status);
  return Object.fromEntries(rows.map((row) => [row.status, Number(row.n)]));
}
