import type { PgBoss } from "pg-boss";
import type { TDbHandle } from "@/db/client";
import { logger } from "@/lib/logger";
import type { TJobDefinition, TJobQueue, TQueuedJobDefinition } from "./define-job";
import { drizzleConnection } from "./drizzle-connection";
import type { TPool } from "./job-pool";
import { createJobRegistry, type TJobRegistry } from "./job-registry";
import { startSchedule } from "./job-schedule";
import { startJobWorker } from "./job-worker";
import { listenForJobs } from "./listen-for-jobs";
import { startPgBoss } from "./start-pg-boss";

export type TJobRunner = TJobQueue & {
  /** Stops the timers and workers (each finishing what it holds), then pg-boss. */
  stop(): Promise<void>;
};

/**
 * The one place background jobs start: pg-boss (creating or migrating its schema), a queue per
 * queued definition, and — with `work` — a worker per queue and LISTEN for pg-boss's NOTIFY.
 * Without `work` this process only enqueues: its jobs are worked by other processes. Scheduled
 * jobs start their timers either way unless marked onlyWhereWorking.
 */
export async function startJobRunner(
  handle: TDbHandle,
  definitions: readonly TJobDefinition[],
  options: { work: boolean },
): Promise<TJobRunner> {
  const registry = createJobRegistry(definitions);
  const boss = await startPgBoss(handle);
  await createQueues(boss, registry.queued).catch(async (error) => {
    await boss.stop({ graceful: false });
    throw error;
  });
  const workers = new Map<string, TPool>();
  // Once this process hears pg-boss's NOTIFY for every new job (PostgreSQL), a local wake after a
  // commit would only duplicate it: each wake costs a fetch, and the second one finds nothing (it
  // doubled the fetches per dispatch batch). Without it (PGlite), local wakes start the work.
  let hearsNotifications = false;
  const queue = createJobQueue(boss, registry, (name) => {
    if (!hearsNotifications) workers.get(name)?.kick();
  });
  const context = { handle, queue };
  let unlisten: (() => Promise<void>) | null = null;
  if (options.work) {
    for (const definition of registry.queued) workers.set(definition.name, startJobWorker(definition, context));
    unlisten = await listenForJobs(handle, (name) => workers.get(name)?.kick());
    hearsNotifications = unlisten !== null;
  }
  const schedules = registry.scheduled
    .filter((definition) => options.work || !definition.schedule.onlyWhereWorking)
    .map((definition) => startSchedule(definition, context));
  logger.info(
    { jobs: definitions.map((definition) => definition.name), work: options.work },
    "background jobs started",
  );
  return {
    ...queue,
    async stop() {
      await unlisten?.().catch(() => undefined);
      await Promise.all(schedules.map((stopSchedule) => stopSchedule()));
      // In order: a dispatch batch still finishing may enqueue deliveries for the worker after it.
      for (const worker of workers.values()) await worker.stop();
      await boss.stop({ graceful: true, timeout: 10_000 });
    },
  };
}

/** Every queue notifies, so its workers here and in other processes hear of a new job at once. */
async function createQueues(boss: PgBoss, definitions: TQueuedJobDefinition<object>[]): Promise<void> {
  for (const { name, retry } of definitions) {
    if (!(await boss.getQueue(name))) await boss.createQueue(name, { notify: true, ...retry });
  }
}

function createJobQueue(boss: PgBoss, registry: TJobRegistry, wakeWorker: (name: string) => void): TJobQueue {
  const registered = (definition: TQueuedJobDefinition<object>) => {
    if (!registry.has(definition)) throw new Error(`The background job "${definition.name}" is not registered here.`);
    return definition.name;
  };
  return {
    boss,
    async enqueue(definition, db, jobs) {
      const name = registered(definition);
      if (jobs.length === 0) return;
      const inserts = jobs.map(({ data, group, startAfter }) => ({
        data: definition.payload.parse(data),
        ...(group === undefined ? {} : { group: { id: group } }),
        ...(startAfter ? { startAfter } : {}),
      }));
      await boss.insert(name, inserts, drizzleConnection(db));
    },
    async complete(definition, ids, db) {
      await boss.complete(registered(definition), ids, null, db ? drizzleConnection(db) : {});
    },
    wake(definition) {
      wakeWorker(registered(definition));
    },
  };
}
