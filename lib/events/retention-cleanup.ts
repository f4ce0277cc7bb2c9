import { sql } from "drizzle-orm";
import { type DbOrTx, rowsOf } from "@/db/client";
import { events } from "@/db/schema";

export type TCleanupResult = { deleted: number; batches: number; complete: boolean };

/**
 * Deletes expired events in small batches, each its own short statement that takes the oldest
 * expired rows through the partial expires index and skips rows another transaction holds, so
 * cleanup never blocks ingest or holds long locks. Notifications keep their row (event set null).
 */
export async function deleteExpiredEvents(
  db: DbOrTx,
  options: { batchSize?: number; maxBatches?: number; now?: Date } = {},
): Promise<TCleanupResult> {
  const batchSize = options.batchSize ?? 5000;
  const maxBatches = options.maxBatches ?? 200;
  const now = options.now ?? new Date();
  let deleted = 0;
  let batches = 0;
  while (batches < maxBatches) {
    const rows = rowsOf<{ n: number | string }>(
      await db.execute(sql`
        with doomed as (
          select ${events.eventUuid} from ${events}
           where ${events.expiring} and ${events.expires} < ${now.toISOString()}::timestamptz
           order by ${events.expires}
           limit ${batchSize}
           for update skip locked
        ), gone as (
          delete from ${events} where ${events.eventUuid} in (select event_uuid from doomed) returning 1
        ) select count(*) as n from gone`),
    );
    const count = Number(rows[0]?.n ?? 0);
    batches += 1;
    deleted += count;
    if (count < batchSize) return { deleted, batches, complete: true };
  }
  return { deleted, batches, complete: false };
}
