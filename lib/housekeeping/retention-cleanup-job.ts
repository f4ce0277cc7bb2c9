import type { TDbHandle } from "@/db/client";
import { env } from "@/lib/env";
import { deleteExpiredEvents } from "@/lib/events/retention-cleanup";
import { defineJob } from "@/lib/jobs/define-job";
import { logger } from "@/lib/logger";
import { runExclusive } from "./run-exclusive";

/** Arbitrary constant: one cleanup at a time across every Herald instance sharing a PostgreSQL. */
const CLEANUP_LOCK_ID = 7_261_002;

/**
 * Deletes expired events every HERALD_CLEANUP_INTERVAL seconds (0: never), first shortly after
 * start. A timer in every server rather than a pg-boss schedule (lib/jobs/job-schedule.ts says
 * why), and so also where the queues are not worked; the advisory lock lets one of them run it.
 */
export const retentionCleanupJob = defineJob({
  name: "herald-retention-cleanup",
  schedule: { everySeconds: () => env().HERALD_CLEANUP_INTERVAL, firstRunAfterSeconds: 30, onlyWhereWorking: false },
  handler: ({ handle }) => runRetentionCleanup(handle),
});

export async function runRetentionCleanup(handle: TDbHandle) {
  const outcome = await runExclusive(handle, CLEANUP_LOCK_ID, () => deleteExpiredEvents(handle.db));
  if (outcome.ran && outcome.result.deleted > 0) logger.info(outcome.result, "expired events deleted");
  return outcome;
}
