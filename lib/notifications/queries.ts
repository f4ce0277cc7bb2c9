import { and, asc, count, desc, eq, gte, ilike, inArray, lt, type SQL, sql } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { events, notifications, type TNotification } from "@/db/schema";
import { afterCursor, cursorAtSql, cursorPage, cursorPagination, encodeCursor, type TCursor } from "@/lib/api/cursor";
import { likePattern } from "@/lib/api/like";
import { offsetOf, paginate, type TPaginated } from "@/lib/api/pagination";
import { AppError } from "@/lib/errors";
import { serializeEvent } from "@/lib/events/serialize";
import type { TNotificationListQuery } from "./validation";

/** The bell's notifications: every query is scoped to one user — nobody reads anyone else's. */
const NOT_FOUND = "No Notification matches the given query.";

export async function serializeNotifications(db: DbOrTx, rows: TNotification[]) {
  const eventIds = [...new Set(rows.map((row) => row.event).filter((id): id is string => Boolean(id)))];
  const eventRows = eventIds.length ? await db.select().from(events).where(inArray(events.eventUuid, eventIds)) : [];
  const byId = new Map(eventRows.map((event) => [event.eventUuid, serializeEvent(event)]));
  return rows.map((row) => ({
    pk: row.uuid,
    severity: row.severity,
    body: row.body,
    created: row.created.toISOString(),
    event: row.event ? (byId.get(row.event) ?? null) : null,
    seen: row.seen,
    hyperlink: row.hyperlink,
    hyperlink_label: row.hyperlinkLabel,
  }));
}
export type TSerializedNotification = Awaited<ReturnType<typeof serializeNotifications>>[number];

const ORDERING: Record<string, SQL> = {
  created: asc(notifications.created),
  "-created": desc(notifications.created),
  severity: asc(notifications.severity),
  "-severity": desc(notifications.severity),
  seen: asc(notifications.seen),
  "-seen": desc(notifications.seen),
};

export type TNotificationPage = TPaginated<TSerializedNotification> & {
  pagination: TPaginated<TSerializedNotification>["pagination"] & { next_cursor: string | null };
};

export async function listNotifications(
  db: DbOrTx,
  userId: number,
  query: TNotificationListQuery,
): Promise<TNotificationPage> {
  const where = and(
    eq(notifications.user, userId),
    query.user !== undefined ? eq(notifications.user, query.user) : undefined,
    query.body !== undefined ? eq(notifications.body, query.body) : undefined,
    query.created !== undefined ? eq(notifications.created, query.created) : undefined,
    query.created__gte !== undefined ? gte(notifications.created, query.created__gte) : undefined,
    query.created__lt !== undefined ? lt(notifications.created, query.created__lt) : undefined,
    query.event !== undefined ? eq(notifications.event, query.event) : undefined,
    query.seen !== undefined ? eq(notifications.seen, query.seen) : undefined,
    query.severity !== undefined ? eq(notifications.severity, query.severity) : undefined,
    query.search ? ilike(notifications.body, likePattern(query.search)) : undefined,
  );
  const keyed = { row: notifications, at: cursorAtSql(notifications.created) };
  if (query.cursor) {
    if (query.ordering && query.ordering !== "-created")
      throw AppError.validation({ ordering: ["A cursor page is ordered by -created."] });
    // Keyset page: one index range however deep, no count (counting is what makes deep pages slow).
    const rows = await db
      .select(keyed)
      .from(notifications)
      .where(and(where, afterCursor(notifications.created, notifications.uuid, query.cursor, "desc")))
      .orderBy(desc(notifications.created), desc(notifications.uuid))
      .limit(query.page_size + 1);
    const page = cursorPage(rows, query.page_size, keyOf);
    const results = await serializeNotifications(
      db,
      page.rows.map((entry) => entry.row),
    );
    return { pagination: cursorPagination(results.length, page.nextCursor), results, autocomplete: {} };
  }
  const [{ total }] = await db.select({ total: count() }).from(notifications).where(where);
  const ordering = query.ordering ?? "-created";
  const rows = await db
    .select(keyed)
    .from(notifications)
    .where(where)
    .orderBy(ORDERING[ordering] ?? desc(notifications.created), desc(notifications.uuid))
    .limit(query.page_size + 1)
    .offset(offsetOf(query));
  const page = cursorPage(rows, query.page_size, keyOf);
  const results = await serializeNotifications(
    db,
    page.rows.map((entry) => entry.row),
  );
  const paginated = paginate(query, Number(total), results);
  // A page-numbered answer names its last row too (newest-first only), so a client can switch to cursors.
  const nextCursor = ordering === "-created" ? page.nextCursor : null;
  return { ...paginated, pagination: { ...paginated.pagination, next_cursor: nextCursor } };
}

const keyOf = (entry: { row: TNotification; at: string }): TCursor => ({ at: entry.at, id: entry.row.uuid });

/** The stream's message id for a notification: its cursor, so a resume can name where it stopped. */
export async function streamIdOf(db: DbOrTx, uuid: string): Promise<string | null> {
  const [row] = await db
    .select({ at: cursorAtSql(notifications.created) })
    .from(notifications)
    .where(eq(notifications.uuid, uuid));
  return row ? encodeCursor({ at: row.at, id: uuid }) : null;
}

/**
 * What a reconnecting stream missed: the user's notifications created since the last one it saw,
 * oldest first. Rows commit out of creation order by a few seconds at most, so the window starts a
 * little earlier; the client drops ones it already has by pk.
 */
export const RESUME_SLACK_MS = 5000;
export async function notificationsSince(
  db: DbOrTx,
  userId: number,
  since: TCursor,
  limit = 500,
): Promise<Array<{ row: TNotification; at: string }>> {
  const from = new Date(Date.parse(since.at) - RESUME_SLACK_MS);
  return db
    .select({ row: notifications, at: cursorAtSql(notifications.created) })
    .from(notifications)
    .where(
      and(eq(notifications.user, userId), gte(notifications.created, from), sql`${notifications.uuid} <> ${since.id}`),
    )
    .orderBy(asc(notifications.created), asc(notifications.uuid))
    .limit(limit);
}

export async function findOwnNotification(db: DbOrTx, userId: number, uuid: string): Promise<TNotification> {
  const [row] = await db
    .select()
    .from(notifications)
    .where(and(eq(notifications.uuid, uuid), eq(notifications.user, userId)));
  if (!row) throw AppError.notFound(NOT_FOUND);
  return row;
}

export async function unseenCount(db: DbOrTx, userId: number): Promise<number> {
  const [{ total }] = await db
    .select({ total: count() })
    .from(notifications)
    .where(and(eq(notifications.user, userId), eq(notifications.seen, false)));
  return Number(total);
}
