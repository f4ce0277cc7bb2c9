import type { PgBoss, QueueOptions } from "pg-boss";
import type { z } from "zod";
import type { DbOrTx, TDbHandle } from "@/db/client";

/** A job as its worker holds it; retryCount: how many earlier runs of it started (0 on its first run). */
export type TJob<T> = { id: string; data: T; retryCount: number };
export type TFinishedJob<T, R> = { job: TJob<T>; result: R };

/** How a worker runs the jobs of one fetch and settles them (see lib/jobs/job-pool.ts). */
export type TJobHandlers<T, R> = {
  /** Starts every job of one fetch; one promise per job, in order. A rejected promise fails that job. */
  run(jobs: TJob<T>[]): Promise<R>[];
  /** Records finished jobs and completes them (default: complete them). Throwing fails them all. */
  settle?(finished: TFinishedJob<T, R>[]): Promise<void>;
};

/** pg-boss's own retries, set on the queue: for a run that failed, crashed or stopped heart-beating. */
export type TRetryPolicy = Required<
  Pick<QueueOptions, "retryLimit" | "retryDelay" | "retryBackoff" | "expireInSeconds">
> &
  Pick<QueueOptions, "heartbeatSeconds">;

/** A number, or how to read it when the runner starts, so a value from the environment applies. */
export type TSetting = number | (() => number);

export function readSetting(setting: TSetting): number {
  return typeof setting === "function" ? setting() : setting;
}

export type TJobToEnqueue<T> = {
  data: T;
  /** pg-boss group: groupConcurrency bounds the active jobs of one group across every worker. */
  group?: string;
  startAfter?: Date;
};

/** The running job system as a handler sees it. */
export type TJobQueue = {
  boss: PgBoss;
  /** Inserts jobs in the caller's transaction (or statement); each payload is checked against its schema first. */
  enqueue<T extends object>(definition: TQueuedJobDefinition<T>, db: DbOrTx, jobs: TJobToEnqueue<T>[]): Promise<void>;
  /** Completes jobs, in the caller's transaction when `db` is given. */
  complete(definition: TQueuedJobDefinition<object>, ids: string[], db?: DbOrTx): Promise<void>;
  /** After the enqueuing transaction committed: wakes this process's worker, unless pg-boss's NOTIFY will. */
  wake(definition: TQueuedJobDefinition<object>): void;
};

export type TJobContext = { handle: TDbHandle; queue: TJobQueue };

/** Work on a pg-boss queue: enqueued by anyone, worked wherever the runner works. */
export type TQueuedJobDefinition<T extends object, R = unknown> = {
  name: string;
  /** Checked when a job is enqueued and again before it runs. */
  payload: z.ZodType<T>;
  retry: TRetryPolicy;
  /** Jobs one process runs at once. */
  concurrency: TSetting;
  /** Jobs of one group active at once, across every worker. */
  groupConcurrency?: TSetting;
  /** While jobs run, fetch only once this many slots are free (default 1), so batches do not fragment. */
  minFetch?: number;
  /** Poll interval when idle, in ms (default 250); a wake or pg-boss's NOTIFY ends it sooner. */
  idleMs?: number;
  /** Called once where the queue is worked; returns how its jobs are run and settled. */
  handler(context: TJobContext): TJobHandlers<T, R>;
};

/** Work on a timer, in each process whose runner has it (see lib/jobs/job-schedule.ts). */
export type TScheduledJobDefinition = {
  name: string;
  schedule: {
    /** 0 or less: never. */
    everySeconds: TSetting;
    firstRunAfterSeconds: number;
    /** Only where the runner works the queues; otherwise also where it only enqueues. */
    onlyWhereWorking: boolean;
  };
  /** One run; a failure is logged, and the next run comes at its time. */
  handler(context: TJobContext): Promise<unknown>;
};

export type TJobDefinition = TQueuedJobDefinition<object> | TScheduledJobDefinition;

export function isScheduledJob(definition: TJobDefinition): definition is TScheduledJobDefinition {
  return "schedule" in definition;
}

/** Declares a background job; a process runs it once it is in the list given to its job runner. */
export function defineJob<T extends object, R = void>(
  definition: TQueuedJobDefinition<T, R>,
): TQueuedJobDefinition<T, R>;
export function defineJob(definition: TScheduledJobDefinition): TScheduledJobDefinition;
export function defineJob(definition: TJobDefinition): TJobDefinition {
  return Object.freeze(definition);
}
