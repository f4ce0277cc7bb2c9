import { and, asc, count, desc, eq, ilike, inArray, type SQL } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { events, notifications, type TNotification } from "@/db/schema";
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

export async function listNotifications(
  db: DbOrTx,
  userId: number,
  query: TNotificationListQuery,
): Promise<TPaginated<TSerializedNotification>> {
  const where = and(
    eq(notifications.user, userId),
    query.user !== undefined ? eq(notifications.user, query.user) : undefined,
    query.body !== undefined ? eq(notifications.body, query.body) : undefined,
    query.created !== undefined ? eq(notifications.created, query.created) : undefined,
    query.event !== undefined ? eq(notifications.event, query.event) : undefined,
    query.seen !== undefined ? eq(notifications.seen, query.seen) : undefined,
    query.severity !== undefined ? eq(notifications.severity, query.severity) : undefined,
    query.search ? ilike(notifications.body, likePattern(query.search)) : undefined,
  );
  const [{ total }] = await db.select({ total: count() }).from(notifications).where(where);
  const rows = await db
    .select()
    .from(notifications)
    .where(where)
    .orderBy(ORDERING[query.ordering ?? "-created"] ?? desc(notifications.created), desc(notifications.uuid))
    .limit(query.page_size)
    .offset(offsetOf(query));
  return paginate(query, Number(total), await serializeNotifications(db, rows));
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
