import { and, eq } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { notifications, type TNotification } from "@/db/schema";
import { findOwnNotification } from "./queries";
import type { TNotificationPatch } from "./validation";

/**
 * A user's changes to their own notifications, scoped to that user like every read. Not audited:
 * they change one person's inbox, not configuration, and marking things read must not flood the log.
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
  return row;
}

export async function deleteOwnNotification(db: DbOrTx, userId: number, uuid: string): Promise<void> {
  await findOwnNotification(db, userId, uuid);
  await db.delete(notifications).where(and(eq(notifications.uuid, uuid), eq(notifications.user, userId)));
}

export async function markAllSeen(db: DbOrTx, userId: number): Promise<number> {
  const rows = await db
    .update(notifications)
    .set({ seen: true })
    .where(and(eq(notifications.user, userId), eq(notifications.seen, false)))
    .returning({ uuid: notifications.uuid });
  return rows.length;
}
