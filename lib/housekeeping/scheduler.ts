import type { TDbHandle } from "@/db/client";
import { deleteExpiredEvents } from "@/lib/events/retention-cleanup";
import { logger } from "@/lib/logger";

/** Arbitrary constant: one cleanup at a time across every Herald instance sharing a PostgreSQL. */
const CLEANUP_LOCK_ID = 7_261_002;

/**
 * Runs `job` only where this process wins a PostgreSQL advisory lock, held on a reserved connection
 * for the job's duration (the job itself commits in small transactions on the pool). PGlite has one
 * process, so it just runs.
 */
export async function runExclusive<T>(handle: TDbHandle, lockId: number, job: () => Promise<T>): Promise<{ ran: true; result: T } | { ran: false }> {
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

export async function runRetentionCleanup(handle: TDbHandle) {
  const outcome = await runExclusive(handle, CLEANUP_LOCK_ID, () => deleteExpiredEvents(handle.db));
  if (outcome.ran && outcome.result.deleted > 0) logger.info(outcome.result, "expired events deleted");
  return outcome;
}

type TState = { heraldHousekeeping?: ReturnType<typeof setInterval> };
const state = globalThis as unknown as TState;

/** Starts the periodic cleanup (every HERALD_CLEANUP_INTERVAL seconds, first run shortly after start). */
export function startHousekeeping(handle: TDbHandle, intervalSeconds: number): void {
  if (state.heraldHousekeeping || intervalSeconds <= 0) return;
  const tick = () => runRetentionCleanup(handle).catch((error) => logger.error({ err: error }, "retention cleanup failed"));
  setTimeout(tick, 30_000).unref();
  state.heraldHousekeeping = setInterval(tick, intervalSeconds * 1000);
  state.heraldHousekeeping.unref();
}
