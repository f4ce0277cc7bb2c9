import { z } from "zod";
import type { Db, DbOrTx } from "@/db/client";
import { env } from "@/lib/env";
import { defineJob, type TJobHandlers, type TJobQueue } from "@/lib/jobs/define-job";
import { claimDeliveries, recordAttempts, sendClaimed, type TAttemptResult, type TFinishedSend } from "./deliver";
import { DISPATCH_JOB_RETRY } from "./job-retry-policy";
import { parseRetrySchedule } from "./retry-schedule";
import { createSendLimiter } from "./send-limiter";

export const DELIVER_QUEUE = "herald-deliver";

export const ZDeliverPayload = z.object({ delivery: z.guid() });
export type TDeliverPayload = z.infer<typeof ZDeliverPayload>;

/** A delivery to enqueue; its transport groups the job so one slow transport cannot take every slot. */
export type TDeliveryRef = { uuid: string; transport: string | null };

/** The deliver queue as dispatch, replays and the rescue use it. */
export type TDeliveryQueue = {
  schedule: number[];
  /** Enqueues deliver jobs for the given deliveries inside the caller's transaction. */
  enqueueDeliveries(db: DbOrTx, rows: TDeliveryRef[], delayMs?: number): Promise<void>;
  /** Wakes this process's delivery pool (call after the enqueuing transaction committed). */
  kick(): void;
  /** Completes deliver jobs in the caller's transaction (a dead worker's, whose deliveries were enqueued again). */
  completeJobs(db: DbOrTx, jobIds: string[]): Promise<void>;
};

export function deliveryQueueOf(queue: TJobQueue): TDeliveryQueue {
  return {
    schedule: parseRetrySchedule(env().HERALD_DELIVERY_RETRY_SCHEDULE),
    enqueueDeliveries(db, rows, delayMs) {
      const startAfter = delayMs ? new Date(Date.now() + delayMs) : undefined;
      const jobs = rows.map((row) => ({ data: { delivery: row.uuid }, group: row.transport ?? "local", startAfter }));
      return queue.enqueue(deliverJob, db, jobs);
    },
    kick: () => queue.wake(deliverJob),
    completeJobs: (db, jobIds) => queue.complete(deliverJob, jobIds, db),
  };
}

/**
 * Deliveries: the jobs of one fetch are claimed in one query, sent independently, and recorded
 * (ledger, retries, job completion) together per batch of finished sends. HERALD_DELIVERY_CONCURRENCY
 * bounds the requests in flight (one transport may hold half); the pool runs twice as many jobs,
 * because a job spends as long being fetched, claimed and recorded as it does sending, and the
 * requests should not wait on that bookkeeping (it held a 1,000-delivery burst to ~850/s).
 */
export const deliverJob = defineJob({
  name: DELIVER_QUEUE,
  payload: ZDeliverPayload,
  retry: DISPATCH_JOB_RETRY,
  concurrency: () => 2 * env().HERALD_DELIVERY_CONCURRENCY,
  // A transport's jobs may take half the pool, as its requests may take half the send permits.
  groupConcurrency: () => env().HERALD_DELIVERY_CONCURRENCY,
  handler: ({ handle, queue }) => deliveryHandlers(handle.db, queue),
});

function deliveryHandlers(db: Db, queue: TJobQueue): TJobHandlers<TDeliverPayload, TFinishedSend | null> {
  const deliveries = deliveryQueueOf(queue);
  const requestsInFlight = env().HERALD_DELIVERY_CONCURRENCY;
  const requests = createSendLimiter(requestsInFlight, Math.max(1, Math.ceil(requestsInFlight / 2)));
  return {
    run(jobs) {
      const uuids = jobs.map((job) => job.data.delivery);
      const jobOf = new Map(jobs.map((job) => [job.data.delivery, job.id]));
      const claimed = claimDeliveries(db, uuids, jobOf).then(
        (list) => new Map(list.map((entry) => [entry.delivery.uuid, entry])),
      );
      return jobs.map(async (job) => {
        const byUuid = await claimed;
        const entry = byUuid.get(job.data.delivery);
        byUuid.delete(job.data.delivery); // two jobs for one delivery (a rescue): one send
        return entry ? requests.run(entry.delivery.transport ?? "local", () => sendClaimed(db, entry)) : null;
      });
    },
    async settle(finished) {
      const sends = finished.map(({ result }) => result).filter((send): send is TFinishedSend => send !== null);
      const jobIds = finished.map(({ job }) => job.id);
      // The common case, nothing failed: the ledger statement and then the completion, each atomic
      // on its own, with no transaction around them (two round trips instead of three, two
      // statements instead of four). A crash in between re-runs the jobs, whose claims find the
      // deliveries finished and send nothing again.
      if (sends.every(({ outcome }) => outcome.status !== "failed")) {
        await recordAttempts(db, sends, deliveries.schedule);
        await queue.complete(deliverJob, jobIds);
        return;
      }
      // Failures schedule retries (or dead-letter): those jobs must commit with the ledger.
      await db.transaction(async (tx) => {
        // Completing the jobs does not depend on the recording: both go out without waiting for each other.
        const [results] = await Promise.all([
          recordAttempts(tx, sends, deliveries.schedule),
          queue.complete(deliverJob, jobIds, tx),
        ]);
        const recorded = sends.map((send, index) => ({ uuid: send.claimed.delivery.uuid, result: results[index] }));
        await enqueueDeliveryRetries(tx, deliveries, recorded);
      });
    },
  };
}

type TRecordedAttempt = { uuid: string; result: TAttemptResult };

/** Enqueues the retries among recorded attempts, in the recording transaction. */
export async function enqueueDeliveryRetries(tx: DbOrTx, deliveries: TDeliveryQueue, recorded: TRecordedAttempt[]) {
  const byDelay = new Map<number, TDeliveryRef[]>();
  for (const { uuid, result } of recorded) {
    if (result.kind === "retry")
      byDelay.set(result.delayMs, [...(byDelay.get(result.delayMs) ?? []), { uuid, transport: result.transport }]);
  }
  for (const [delayMs, rows] of byDelay) await deliveries.enqueueDeliveries(tx, rows, delayMs);
}
