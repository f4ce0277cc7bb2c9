import type { TRetryPolicy } from "@/lib/jobs/define-job";

/**
 * Job-level retries cover crashes and database errors; delivery retries follow
 * HERALD_DELIVERY_RETRY_SCHEDULE. Both queues heart-beat: when a worker vanishes (crash, SIGKILL)
 * the monitor retries its jobs within ~20 s instead of after their expiry, and the dead worker's
 * jobs stop counting against a transport's slots.
 */
export const DISPATCH_JOB_RETRY: TRetryPolicy = {
  retryLimit: 10,
  retryDelay: 5,
  retryBackoff: true,
  expireInSeconds: 15 * 60,
  heartbeatSeconds: 10,
};
