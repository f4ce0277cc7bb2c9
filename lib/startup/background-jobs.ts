import { DISPATCH_JOBS } from "@/lib/dispatch/dispatcher";
import { retentionCleanupJob } from "@/lib/housekeeping/retention-cleanup-job";
import type { TJobDefinition } from "@/lib/jobs/define-job";

/**
 * Every piece of background work a Herald server runs, in one list. `npm run worker` runs
 * DISPATCH_JOBS alone: the retention cleanup stays with the servers, one at a time between them.
 */
export const SERVER_JOBS: readonly TJobDefinition[] = [...DISPATCH_JOBS, retentionCleanupJob];
