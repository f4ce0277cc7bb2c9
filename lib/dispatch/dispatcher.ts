import "server-only";
import { and, eq, inArray, sql } from "drizzle-orm";
import type { PgBoss } from "pg-boss";
import type { DbOrTx, TDbHandle } from "@/db/client";
import { deliveries } from "@/db/schema";
import { env } from "@/lib/env";
import { registerEventCommitHook, registerEventInsertHook } from "@/lib/events/insert-hooks";
import type { TJobDefinition, TJobQueue } from "@/lib/jobs/define-job";
import { startJobRunner } from "@/lib/jobs/job-runner";
import { logger } from "@/lib/logger";
import { deliverJob, deliveryQueueOf, type TDeliveryQueue } from "./deliver-job";
import { deliveryReclaimJob } from "./delivery-reclaim-job";
import { deliveryRescueJob } from "./delivery-rescue-job";
import { dispatchJob } from "./dispatch-job";
import { maxAttemptsOf } from "./retry-schedule";
import { holdWorkerIdentity } from "./worker-identity";

/**
 * Durable dispatch on pg-boss, the same code on PostgreSQL and PGlite:
 *
 *   event INSERT ──(same transaction)──▶ herald-dispatch job ──▶ rules evaluated, deliveries
 *   planned and committed ──(the next statement)──▶ herald-deliver job per network delivery ──▶
 *   attempt, ledger row, and a delayed retry job (committed with the ledger row) or the dead letter.
 *   In-app deliveries are attempted by the dispatch job itself.
 *
 * Nothing is acknowledged before its effects are committed, so a crash or SIGKILL at any point
 * replays the job on restart; plans and deliveries are idempotent (dedup keys, atomic claims). A
 * crash between the plan and its deliver jobs leaves the dispatch job to be retried, and a retried
 * job enqueues every untried delivery of its events. A process that works the queues holds a
 * worker identity (lib/dispatch/worker-identity.ts) for its lifetime: the deliveries it was
 * sending when it died are taken back within seconds by the reclaim job, and the rescue job catches
 * anything else after the claim timeout.
 */
export const DISPATCH_JOBS: readonly TJobDefinition[] = [
  dispatchJob,
  deliverJob,
  deliveryReclaimJob,
  deliveryRescueJob,
];

type TDispatchState = { heraldDispatch?: TDispatcher };
const store = globalThis as unknown as TDispatchState;

export type TDispatcher = TDeliveryQueue & {
  boss: PgBoss;
  stop(): Promise<void>;
};

export function currentDispatcher(): TDispatcher | undefined {
  return store.heraldDispatch;
}

/**
 * Starts the job runner with `jobs` (dispatch's own by default; a server adds its other background
 * jobs) and enqueues every inserted event's dispatch. Unless `work` is false, this process also
 * works the queues.
 */
export async function startDispatch(
  handle: TDbHandle,
  options: { work?: boolean; jobs?: readonly TJobDefinition[] } = {},
): Promise<TDispatcher> {
  if (store.heraldDispatch) return store.heraldDispatch;
  const jobs = options.jobs ?? DISPATCH_JOBS;
  const missing = DISPATCH_JOBS.filter((definition) => !jobs.includes(definition));
  if (missing.length) {
    throw new Error(`Dispatch needs the jobs ${missing.map((definition) => definition.name).join(", ")}.`);
  }
  const work = options.work !== false;
  // Before the first claim: every claim of this process names it.
  const identity = work ? await holdWorkerIdentity(handle) : null;
  const runner = await startJobRunner(handle, jobs, { work }).catch(async (error) => {
    await identity?.release();
    throw error;
  });
  const unregisterHooks = enqueueDispatchOfInsertedEvents(runner);
  const dispatcher: TDispatcher = {
    ...deliveryQueueOf(runner),
    boss: runner.boss,
    async stop() {
      unregisterHooks();
      await runner.stop();
      // After the workers finished what they held: released earlier, their claims would look abandoned.
      await identity?.release();
      store.heraldDispatch = undefined;
    },
  };
  store.heraldDispatch = dispatcher;
  logger.info(
    { work, worker: identity?.current() ?? null, retry_schedule: env().HERALD_DELIVERY_RETRY_SCHEDULE },
    "dispatch started",
  );
  return dispatcher;
}

/** The dispatch job commits or rolls back with its event; the commit wakes the local dispatch worker. */
function enqueueDispatchOfInsertedEvents(queue: TJobQueue): () => void {
  const unregisterInsert = registerEventInsertHook((tx, inserted) => {
    const jobs = inserted.map((event) => ({ data: { event: event.eventUuid } }));
    return queue.enqueue(dispatchJob, tx, jobs);
  });
  const unregisterCommit = registerEventCommitHook(() => queue.wake(dispatchJob));
  return () => {
    unregisterInsert();
    unregisterCommit();
  };
}

/** Replays dead deliveries: a fresh set of attempts from now. */
export async function replayDeliveries(db: DbOrTx, deliveryQueue: TDeliveryQueue, uuids: string[]): Promise<string[]> {
  if (uuids.length === 0) return [];
  const extra = maxAttemptsOf(deliveryQueue.schedule);
  const replayed = await db.transaction(async (tx) => {
    const rows = await tx
      .update(deliveries)
      .set({
        status: "pending",
        maxAttempts: sql`${deliveries.attempts} + ${extra}`,
        nextAttemptAt: null,
        completedAt: null,
        updated: new Date(),
      })
      .where(and(inArray(deliveries.uuid, uuids), eq(deliveries.status, "dead")))
      .returning({ uuid: deliveries.uuid, transport: deliveries.transport });
    await deliveryQueue.enqueueDeliveries(tx, rows);
    return rows.map((row) => row.uuid);
  });
  deliveryQueue.kick();
  return replayed;
}
