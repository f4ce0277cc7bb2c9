import type { PgBoss } from "pg-boss";
import { logger } from "@/lib/logger";
import type { TFinishedJob, TJob, TJobHandlers } from "./define-job";
import { createWakeableSleep } from "./wakeable-sleep";

/**
 * Works a pg-boss queue with `concurrency` independent slots: each job holds one slot for exactly
 * as long as it runs, and a free slot fetches the next job at once. pg-boss's own work() loop
 * processes batches and waits for the slowest job of a batch (a receiver that sleeps 5 s would
 * hold up every healthy delivery fetched with it), and idles a poll interval between small
 * batches; a delivery queue needs neither.
 *
 * Batched at both ends without coupling the jobs in between: `run` receives every job of one fetch
 * (so it can claim them in one query) and returns one promise per job; finished jobs are handed to
 * `settle` together — whatever finished while the previous settle was running — so under load one
 * settle records and completes many jobs, and when idle a job is settled the moment it ends. While
 * jobs run, a fetch waits for `minFetch` free slots, so batches do not fragment into single jobs.
 *
 * When idle it polls every `idleMs`; `kick()` (after enqueuing, or on pg-boss's NOTIFY) wakes it
 * immediately, so in-process work starts without waiting for a poll.
 */
export type TPool = { kick(): void; stop(): Promise<void>; inFlight(): number };

export type TPoolOptions = {
  concurrency: number;
  idleMs?: number;
  /** Jobs of one pg-boss group (one transport) active at once, across all workers. */
  perGroup?: number;
  heartbeatMs?: number;
  /** While jobs run, fetch only once this many slots are free (default 1), so batches do not fragment. */
  minFetch?: number;
};

export function startPool<T extends object, R = void>(
  boss: PgBoss,
  queue: string,
  handlers: TJobHandlers<T, R>,
  options: TPoolOptions,
): TPool {
  const idleMs = options.idleMs ?? 250;
  const minFetch = Math.max(1, options.minFetch ?? 1);
  const settle =
    handlers.settle ??
    ((finished: TFinishedJob<T, R>[]) =>
      boss
        .complete(
          queue,
          finished.map(({ job }) => job.id),
        )
        .then(() => undefined));
  /** Jobs holding a slot, from fetch until settled or failed. */
  const active = new Map<string, TJob<T>>();
  const tasks = new Set<Promise<void>>();
  // Jobs of a queue with heartbeatSeconds must be touched while they run; a worker that dies stops
  // touching, and pg-boss retries its jobs (and frees their group slots) within seconds.
  const heartbeat = options.heartbeatMs
    ? setInterval(() => {
        if (active.size) {
          boss
            .touch(queue, [...active.keys()])
            .catch((error) => logger.warn({ err: error, queue }, "job heartbeat failed"));
        }
      }, options.heartbeatMs)
    : undefined;
  heartbeat?.unref();
  let stopped = false;
  const idle = createWakeableSleep();

  // A freed slot is worth a fetch when the loop was waiting for one: too few slots were free, or
  // (with per-group limits) a group's slot may have kept its queued jobs back. Otherwise the loop
  // already fetched everything there was, and a fetch per finished batch would ask an empty queue.
  const release = (jobs: TJob<T>[]) => {
    const wasBlocked = options.concurrency - active.size < minFetch;
    for (const job of jobs) active.delete(job.id);
    if (wasBlocked || options.perGroup) idle.wake();
  };

  const failJobs = async (jobs: TJob<T>[], error: unknown) => {
    logger.error({ err: error, queue, jobs: jobs.map((job) => job.id) }, "job failed; pg-boss will retry it");
    const message = (error as Error).message;
    await Promise.all(jobs.map((job) => boss.fail(queue, job.id, { message }).catch(() => undefined)));
  };

  // Single-flight settling: finished jobs queue up while a settle runs and go together in the next.
  let finishedQueue: TFinishedJob<T, R>[] = [];
  let settling: Promise<void> | null = null;
  const drain = async () => {
    while (finishedQueue.length) {
      const batch = finishedQueue;
      finishedQueue = [];
      const jobs = batch.map(({ job }) => job);
      try {
        await settle(batch);
      } catch (error) {
        await failJobs(jobs, error);
      }
      release(jobs);
    }
    settling = null;
  };
  const finish = (entry: TFinishedJob<T, R>) => {
    finishedQueue.push(entry);
    settling ??= drain();
  };

  const track = (task: Promise<void>) => {
    tasks.add(task);
    void task.finally(() => tasks.delete(task));
  };

  const runJobs = (jobs: TJob<T>[]) => {
    for (const job of jobs) active.set(job.id, job);
    let promises: Promise<R>[];
    try {
      promises = handlers.run(jobs);
    } catch (error) {
      promises = jobs.map(() => Promise.reject(error));
    }
    jobs.forEach((job, index) => {
      const failed = async (error: unknown) => {
        await failJobs([job], error);
        release([job]);
      };
      track(promises[index].then((result) => finish({ job, result }), failed));
    });
  };

  const loop = (async () => {
    while (!stopped) {
      const free = options.concurrency - active.size;
      if (free < (active.size ? minFetch : 1)) {
        await idle.sleep(idleMs);
        continue;
      }
      let jobs: TJob<T>[] = [];
      idle.clear();
      try {
        const groups = options.perGroup ? { groupConcurrency: options.perGroup } : {};
        jobs = (await boss.fetch<T>(queue, { batchSize: free, ...groups })) ?? [];
      } catch (error) {
        if (!stopped) logger.error({ err: error, queue }, "fetching jobs failed");
        await idle.sleep(1000);
        continue;
      }
      if (jobs.length) runJobs(jobs);
      // A fetch that filled every free slot may have left more behind: fetch again at once. One that
      // did not found the queue drained (or its groups full): the next fetch waits for a kick (a
      // commit here, a NOTIFY from elsewhere, a released slot) or the poll, instead of asking an
      // empty queue again right away — a wasted round trip per batch under a steady trickle.
      if (jobs.length < free) await idle.sleep(idleMs);
    }
  })();

  return {
    kick: idle.wake,
    inFlight: () => active.size,
    async stop() {
      stopped = true;
      if (heartbeat) clearInterval(heartbeat);
      idle.stop();
      await loop;
      await Promise.allSettled([...tasks]);
      while (settling) await settling;
    },
  };
}
