import type { TDbHandle } from "@/db/client";

/**
 * Runs `job` only where this process wins a PostgreSQL advisory lock, held on a reserved connection
 * for the job's duration (the job itself commits in small transactions on the pool). PGlite has one
 * process, so it just runs.
 */
export async function runExclusive<T>(
  handle: TDbHandle,
  lockId: number,
  job: () => Promise<T>,
): Promise<{ ran: true; result: T } | { ran: false }> {
  if (!handle.sql) return { ran: true, result: await job() };
  const connection = await handle.sql.reserve();
  try {
    const [{ locked }] = await connection<{ locked: boolean }[]>`select pg_try_advisory_lock(${lockId}) as locked`;
    if (!locked) return { ran: false };
    try {
      return { ran: true, result: await job() };
    } finally {
      await connection`select pg_advisory_unlock(${lockId})`;
    }
  } finally {
    connection.release();
  }
}
