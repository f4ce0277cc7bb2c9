import type { PgBoss } from "pg-boss";
import { logger } from "@/lib/logger";

/**
 * Works a pg-boss queue with `concurrency` independent slots: each job holds one slot for exactly
 * as long as it runs, and a free slot fetches the next job at once. pg-boss's own work() loop
 * processes batches and waits for the slowest job of a batch (a receiver that sleeps 5 s would
 * hold up every healthy delivery fetched with it), and idles a poll interval between small
 * batches; a delivery queue needs neither.
 *
 * When idle it polls every `idleMs`; `kick()` (called after enqueuing in this process) wakes it
 * immediately, so in-process deliveries start without waiting for a poll.
 */
export type TJobHandler<T> = (data: T, id: string) => Promise<void>;

export type TPool = { kick(): void; stop(): Promise<void>; inFlight(): number };

export function startPool<T extends object>(
  boss: PgBoss,
  queue: string,
  handler: TJobHandler<T>,
  /** perGroup: jobs of one pg-boss group (one transport) active at once, across all workers. */
  options: { concurrency: number; idleMs?: number; perGroup?: number; heartbeatMs?: number },
): TPool {
  const idleMs = options.idleMs ?? 250;
  const running = new Set<Promise<void>>();
  const runningIds = new Set<string>();
  // Jobs of a queue with heartbeatSeconds must be touched while they run; a worker that dies stops
  // touching, and pg-boss retries its jobs (and frees their group slots) within seconds.
  const heartbeat = options.heartbeatMs
    ? setInterval(() => {
        if (runningIds.size) boss.touch(queue, [...runningIds]).catch((error) => logger.warn({ err: error, queue }, "job heartbeat failed"));
      }, options.heartbeatMs)
    : undefined;
  heartbeat?.unref();
  let stopped = false;
  let wake: (() => void) | null = null;
  let loop: Promise<void>;

  const sleep = (ms: number) =>
    new Promise<void>((resolve) => {
      const timer = setTimeout(done, ms);
      function done() {
        clearTimeout(timer);
        wake = null;
        resolve();
      }
      wake = done;
    });

  const runJob = (job: { id: string; data: T }) => {
    runningIds.add(job.id);
    const task = (async () => {
      try {
        await handler(job.data, job.id);
        await boss.complete(queue, job.id);
      } catch (error) {
        logger.error({ err: error, queue, job: job.id }, "job failed; pg-boss will retry it");
        await boss.fail(queue, job.id, { message: (error as Error).message }).catch(() => undefined);
      }
    })();
    running.add(task);
    void task.finally(() => {
      running.delete(task);
      runningIds.delete(job.id);
      wake?.();
    });
  };

  loop = (async () => {
    while (!stopped) {
      const free = options.concurrency - running.size;
      if (free <= 0) {
        await sleep(idleMs);
        continue;
      }
      let jobs: { id: string; data: T }[] = [];
      try {
        const fetchOptions = { batchSize: free, ...(options.perGroup ? { groupConcurrency: options.perGroup } : {}) };
        jobs = ((await boss.fetch<T>(queue, fetchOptions as never)) ?? []) as { id: string; data: T }[];
      } catch (error) {
        if (!stopped) logger.error({ err: error, queue }, "fetching jobs failed");
        await sleep(1000);
        continue;
      }
      for (const job of jobs) runJob(job);
      if (jobs.length === 0) await sleep(idleMs);
    }
  })();

  return {
    kick: () => wake?.(),
    inFlight: () => running.size,
    async stop() {
      stopped = true;
      if (heartbeat) clearInterval(heartbeat);
      wake?.();
      await loop;
      await Promise.allSettled([...running]);
    },
  };
}
