import { z } from "zod";
import { readSetting, type TJob, type TJobContext, type TJobHandlers, type TQueuedJobDefinition } from "./define-job";
import { startPool, type TPool } from "./job-pool";

/** Works one queued definition in this process, on a pool with the definition's settings. */
export function startJobWorker<T extends object, R>(
  definition: TQueuedJobDefinition<T, R>,
  context: TJobContext,
): TPool {
  const handlers = definition.handler(context);
  const { heartbeatSeconds } = definition.retry;
  return startPool<T, R>(
    context.queue.boss,
    definition.name,
    { run: (jobs) => runCheckedJobs(definition, handlers, jobs), settle: handlers.settle },
    {
      concurrency: readSetting(definition.concurrency),
      perGroup: definition.groupConcurrency === undefined ? undefined : readSetting(definition.groupConcurrency),
      minFetch: definition.minFetch,
      idleMs: definition.idleMs,
      // Touched well within the queue's heartbeat window, so a slow database never makes a live job look abandoned.
      heartbeatMs: heartbeatSeconds ? heartbeatSeconds * 400 : undefined,
    },
  );
}

/**
 * Runs the jobs whose payload matches the definition's schema. The others fail without running,
 * and pg-boss retries them like any failed job: one written by a newer Herald during a rolling
 * upgrade is left for a worker that knows its shape.
 */
export function runCheckedJobs<T extends object, R>(
  definition: TQueuedJobDefinition<T, R>,
  handlers: TJobHandlers<T, R>,
  jobs: TJob<T>[],
): Promise<R>[] {
  const checked = jobs.map((job) => definition.payload.safeParse(job.data));
  const valid: TJob<T>[] = [];
  checked.forEach((result, index) => {
    if (result.success) valid.push({ ...jobs[index], data: result.data });
  });
  const started = valid.length ? handlers.run(valid) : [];
  let next = 0;
  return checked.map((result) =>
    result.success
      ? started[next++]
      : Promise.reject(
          new Error(
            `The payload of a ${definition.name} job does not match its schema: ${z.prettifyError(result.error)}`,
          ),
        ),
  );
}
