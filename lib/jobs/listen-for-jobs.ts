import type { TDbHandle } from "@/db/client";

/**
 * pg-boss NOTIFYs one channel per schema with the queue's name when a job of a notify-enabled
 * queue becomes ready (its plans.notifyChannelSql, not exported; schema "pgboss"). Herald's pools
 * fetch on their own, so they listen too: a worker in another process (`npm run worker`) starts
 * an event's dispatch at once instead of at its next poll. PostgreSQL only (PGlite is one process).
 */
export async function listenForJobs(
  handle: TDbHandle,
  onQueue: (queue: string) => void,
): Promise<(() => Promise<void>) | null> {
  if (handle.backend !== "postgres" || !handle.sql) return null; // not listening
  const [{ channel }] = await handle.sql<{ channel: string }[]>`
    select ('pgboss_' || left(encode(sha224('pgboss'::bytea), 'hex'), 24)) as channel`;
  const { unlisten } = await handle.sql.listen(channel, (queue) => onQueue(queue));
  return unlisten;
}
