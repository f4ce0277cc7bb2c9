import { and, eq, inArray, sql } from "drizzle-orm";
import { type DbOrTx, rowsOf } from "@/db/client";
import { notifications, type TNotification } from "@/db/schema";
import { publishUnreadChanged } from "./bus";
import { findOwnNotification } from "./queries";
import type { TNotificationBulk, TNotificationPatch } from "./validation";

/**
 * A user's changes to their own notifications, scoped to that user like every read. Not audited:
 * they change one person's inbox, not configuration, and marking things read must not flood the log.
 * Each change tells the user's open streams that the unread count may have moved. The many-row
 * changes are one statement that counts inside PostgreSQL and returns no rows to Node, so a bell
 * with 100,000 notifications costs one index range, not 100,000 rows over the wire.
 */
export async function updateOwnNotification(
  db: DbOrTx,
  userId: number,
  uuid: string,
  patch: TNotificationPatch,
): Promise<TNotification> {
  await findOwnNotification(db, userId, uuid);
  if (patch.seen === undefined) return findOwnNotification(db, userId, uuid);
  const [row] = await db
    .update(notifications)
    .set({ seen: patch.seen })
    .where(and(eq(notifications.uuid, uuid), eq(notifications.user, userId)))
    .returning();
  publishUnreadChanged(userId);
  return row;
}

export async function deleteOwnNotification(db: DbOrTx, userId: number, uuid: string): Promise<void> {
  await findOwnNotification(db, userId, uuid);
  await db.delete(notifications).where(and(eq(notifications.uuid, uuid), eq(notifications.user, userId)));
  publishUnreadChanged(userId);
}

async function countOf(db: DbOrTx, statement: ReturnType<typeof sql>): Promise<number> {
  const [row] = rowsOf<{ count: number | string }>(await db.execute(statement));
  return Number(row?.count ?? 0);
}

export async function markAllSeen(db: DbOrTx, userId: number): Promise<number> {
  const changed = await countOf(
    db,
    sql`with changed as (update ${notifications} set seen = true where ${notifications.user} = ${userId} and not ${notifications.seen} returning 1) select count(*) as count from changed`,
  );
  publishUnreadChanged(userId);
  return changed;
}

/** Deletes the user's read notifications (their history); unread ones stay. */
export async function clearSeen(db: DbOrTx, userId: number): Promise<number> {
  const removed = await countOf(
    db,
    sql`with removed as (delete from ${notifications} where ${notifications.user} = ${userId} and ${notifications.seen} returning 1) select count(*) as count from removed`,
  );
  publishUnreadChanged(userId);
  return removed;
}

export async function clearAll(db: DbOrTx, userId: number): Promise<number> {
  const removed = await countOf(
    db,
    sql`with removed as (delete from ${notifications} where ${notifications.user} = ${userId} returning 1) select count(*) as count from removed`,
  );
  publishUnreadChanged(userId);
  return removed;
}

/** Marks or deletes the listed notifications of this user; others' uuids simply match nothing. */
export async function bulkChange(db: DbOrTx, userId: number, change: TNotificationBulk): Promise<number> {
  const mine = and(eq(notifications.user, userId), inArray(notifications.uuid, change.uuids));
  const statement =
    change.delete === true
      ? sql`with changed as (delete from ${notifications} where ${mine} returning 1) select count(*) as count from changed`
      : sql`with changed as (update ${notifications} set seen = ${change.seen === true} where ${mine} returning 1) select count(*) as count from changed`;
  const changed = await countOf(db, statement);
  publishUnreadChanged(userId);
  return changed;
}
