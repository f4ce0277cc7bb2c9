import { and, eq, inArray, sql } from "drizzle-orm";
import { fromDrizzle, fromPglite, PgBoss } from "pg-boss";
import type { DbOrTx, TDbHandle } from "@/db/client";
import { deliveries, events, transports } from "@/db/schema";
import { env } from "@/lib/env";
import { registerEventCommitHook, registerEventInsertHook } from "@/lib/events/insert-hooks";
import { logger } from "@/lib/logger";
import { ruleIndexVersionColumn } from "@/lib/rules/rule-index";
import { attemptDeliveries, claimDeliveries, recordAttempts, sendClaimed, type TAttemptResult, type TFinishedSend } from "./deliver";
import { startPool, type TPool } from "./delivery-pool";
import { isImplicitLocal } from "@/lib/deliveries/payload";
import { planDeliveriesForEvents } from "./plan";
import { maxAttemptsOf, parseRetrySchedule } from "./retry-schedule";
import { createSendLimiter } from "./send-limiter";

/**
 * Durable dispatch on pg-boss, the same code on PostgreSQL and PGlite:
 *
 *   event INSERT ──(same transaction)──▶ herald-dispatch job ──▶ rules evaluated, deliveries planned
 *   ──(same transaction as the plan's enqueue)──▶ herald-deliver job per delivery ──▶ attempt,
 *   ledger row, and a delayed retry job or the dead letter.
 *
 * Nothing is acknowledged before its effects are committed, so a crash or SIGKILL at any point
 * replays the job on restart; plans and deliveries are idempotent (dedup keys, atomic claims).
 */
export const DISPATCH_QUEUE = "herald-dispatch";
export const DELIVER_QUEUE = "herald-deliver";

type TDispatchState = { heraldDispatch?: TDispatcher };
const store = globalThis as unknown as TDispatchState;

/** A delivery to enqueue; its transport groups the job so one slow transport cannot take every slot. */
export type TDeliveryRef = { uuid: string; transport: string | null };
const deliveryRef = { uuid: deliveries.uuid, transport: deliveries.transport };

export type TDispatcher = {
  boss: PgBoss;
  schedule: number[];
  /** Enqueues deliver jobs for the given deliveries inside the caller's transaction. */
  enqueueDeliveries(db: DbOrTx, rows: TDeliveryRef[], delayMs?: number): Promise<void>;
  /** Wakes this process's delivery pool (call after the enqueuing transaction committed). */
  kick(): void;
  stop(): Promise<void>;
};

export function currentDispatcher(): TDispatcher | undefined {
  return store.heraldDispatch;
}

const asDrizzle = (db: DbOrTx) => fromDrizzle(db as never, sql as never);

/**
 * pg-boss NOTIFYs one channel per schema with the queue's name when a job of a notify-enabled
 * queue becomes ready (its plans.notifyChannelSql, not exported; schema "pgboss"). Herald's pools
 * fetch on their own, so they listen too: a worker in another process (`npm run worker`) starts
 * an event's dispatch at once instead of at its next poll. PostgreSQL only (PGlite is one process).
 */
export async function listenForJobs(handle: TDbHandle, onQueue: (queue: string) => void): Promise<(() => Promise<void>) | null> {
  if (handle.backend !== "postgres" || !handle.sql) return null; // not listening
  const [{ channel }] = await handle.sql<{ channel: string }[]>`select ('pgboss_' || left(encode(sha224('pgboss'::bytea), 'hex'), 24)) as channel`;
  const { unlisten } = await handle.sql.listen(channel, (queue) => onQueue(queue));
  return unlisten;
}

/** Starts the queue (creating pg-boss's schema and queues), the insert hook and, unless `work` is false, the workers. */
export async function startDispatch(handle: TDbHandle, options: { work?: boolean } = {}): Promise<TDispatcher> {
  if (store.heraldDispatch) return store.heraldDispatch;
  const schedule = parseRetrySchedule(env().HERALD_DELIVERY_RETRY_SCHEDULE);
  // A job whose worker stops heart-beating (crash, SIGKILL) is failed and retried by the monitor
  // within ~20 s instead of waiting for its 15-minute expiry.
  const supervision = { schedule: false, useListenNotify: true, superviseIntervalSeconds: 10, monitorIntervalSeconds: 10 };
  const boss =
    handle.backend === "pglite"
      ? new PgBoss({ db: fromPglite(handle.pglite as never), backend: "pglite", ...supervision } as never)
      : new PgBoss({ connectionString: handle.url as string, max: 4, ...supervision } as never);
  boss.on("error", (error) => logger.error({ err: error }, "job queue error"));
  await boss.start();
  // Job-level retries cover crashes and database errors; delivery retries follow HERALD_DELIVERY_RETRY_SCHEDULE.
  // Both heart-beat: when a worker vanishes (crash, SIGKILL) the monitor retries its jobs within ~20 s
  // instead of after their expiry, and the dead worker's jobs stop counting against a transport's slots.
  const queues = [
    { name: DISPATCH_QUEUE, options: { notify: true, retryLimit: 10, retryDelay: 5, retryBackoff: true, expireInSeconds: 15 * 60, heartbeatSeconds: 10 } },
    { name: DELIVER_QUEUE, options: { notify: true, retryLimit: 10, retryDelay: 5, retryBackoff: true, expireInSeconds: 15 * 60, heartbeatSeconds: 10 } },
  ];
  for (const { name, options: queueOptions } of queues) {
    if (!(await boss.getQueue(name))) await boss.createQueue(name, queueOptions as never);
  }
  let pool: TPool | undefined;
  let dispatchPool: TPool | undefined;

  const enqueueDeliveries = async (db: DbOrTx, rows: TDeliveryRef[], delayMs?: number) => {
    if (rows.length === 0) return;
    const startAfter = delayMs ? new Date(Date.now() + delayMs) : undefined;
    await boss.insert(
      DELIVER_QUEUE,
      rows.map((row) => ({ data: { delivery: row.uuid }, group: { id: row.transport ?? "local" }, ...(startAfter ? { startAfter } : {}) })),
      { db: asDrizzle(db) },
    );
  };
  // Once this process hears pg-boss's NOTIFY for every new job (PostgreSQL), a local kick after a
  // commit would only duplicate it: each kick costs a fetch, and the second one finds nothing (it
  // doubled the fetches per dispatch batch). Without it (PGlite), local kicks start the work.
  let hearsNotifications = false;
  /** After the enqueuing transaction committed: start in-process deliveries without waiting for a poll. */
  const kick = () => {
    if (!hearsNotifications) pool?.kick();
  };

  const unregisterInsert = registerEventInsertHook(async (tx, inserted) => {
    await boss.insert(DISPATCH_QUEUE, inserted.map((event) => ({ data: { event: event.eventUuid } })), { db: asDrizzle(tx) });
  });
  const unregisterCommit = registerEventCommitHook(() => {
    if (!hearsNotifications) dispatchPool?.kick();
  });
  const unregister = () => {
    unregisterInsert();
    unregisterCommit();
  };

  let rescueTimer: NodeJS.Timeout | undefined;
  const dispatcher: TDispatcher = {
    boss,
    schedule,
    enqueueDeliveries,
    kick,
    async stop() {
      unregister();
      await unlisten?.().catch(() => undefined);
      if (rescueTimer) clearInterval(rescueTimer);
      await dispatchPool?.stop();
      await pool?.stop();
      await boss.stop({ graceful: true, timeout: 10_000 } as never);
      store.heraldDispatch = undefined;
    },
  };
  store.heraldDispatch = dispatcher;

  if (options.work !== false) {
    dispatchPool = startPool<{ event: string }>(
      boss,
      DISPATCH_QUEUE,
      {
        run(jobs) {
          const batch = dispatchEvents(handle.db, dispatcher, jobs);
          return jobs.map(() => batch);
        },
      },
      // A batch costs about the same few statements whatever its size, so a busy pool waits for a
      // quarter of its slots before fetching: with a per-slot refill, a 1,000-event burst was
      // dispatched as a batch of 60 followed by single events, each paying the whole batch cost.
      { concurrency: 256, minFetch: 64, heartbeatMs: 4000, idleMs: 200 },
    );
    // Deliveries: the jobs of one fetch are claimed in one query, sent independently, and recorded
    // (ledger, retries, job completion) together per batch of finished sends. HERALD_DELIVERY_CONCURRENCY
    // bounds the requests in flight (one transport may hold half); the pool runs twice as many jobs,
    // because a job spends as long being fetched, claimed and recorded as it does sending, and the
    // requests should not wait on that bookkeeping (it held a 1,000-delivery burst to ~850/s).
    const requestsInFlight = env().HERALD_DELIVERY_CONCURRENCY;
    const requests = createSendLimiter(requestsInFlight, Math.max(1, Math.ceil(requestsInFlight / 2)));
    pool = startPool<{ delivery: string }, TFinishedSend | null>(
      boss,
      DELIVER_QUEUE,
      {
        run(jobs) {
          const claimed = claimDeliveries(handle.db, jobs.map((job) => job.data.delivery)).then((list) => new Map(list.map((entry) => [entry.delivery.uuid, entry])));
          return jobs.map(async (job) => {
            const byUuid = await claimed;
            const entry = byUuid.get(job.data.delivery);
            byUuid.delete(job.data.delivery); // two jobs for one delivery (a rescue): one send
            return entry ? requests.run(entry.delivery.transport ?? "local", () => sendClaimed(handle.db, entry)) : null;
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
            await recordAttempts(handle.db, sends, schedule);
            await boss.complete(DELIVER_QUEUE, jobIds);
            return;
          }
          // Failures schedule retries (or dead-letter): those jobs must commit with the ledger.
          await handle.db.transaction(async (tx) => {
            // Completing the jobs does not depend on the recording: both go out without waiting for each other.
            const [results] = await Promise.all([recordAttempts(tx, sends, schedule), boss.complete(DELIVER_QUEUE, jobIds, null, { db: asDrizzle(tx) } as never)]);
            await enqueueDeliveryRetries(tx, dispatcher, sends.map((send, index) => ({ uuid: send.claimed.delivery.uuid, result: results[index] })));
          });
        },
      },
      // A transport's jobs may take half the pool, as its requests may take half the send permits.
      { concurrency: 2 * requestsInFlight, perGroup: requestsInFlight, heartbeatMs: 4000 },
    );
  }
  let unlisten: (() => Promise<void>) | null = null;
  if (options.work !== false) {
    unlisten = await listenForJobs(handle, (queue) => (queue === DISPATCH_QUEUE ? dispatchPool : queue === DELIVER_QUEUE ? pool : undefined)?.kick());
    hearsNotifications = unlisten !== null;
    // Safety net for the narrow windows where a delivery is stored but its job is gone (a worker
    // crashed between two commits): overdue deliveries are enqueued again; claims make it harmless.
    const rescue = () => rescueStuckDeliveries(handle.db, dispatcher).catch((error) => logger.error({ err: error }, "delivery rescue failed"));
    void rescue();
    rescueTimer = setInterval(rescue, Math.min(60, env().HERALD_DELIVERY_CLAIM_TIMEOUT) * 1000);
    rescueTimer.unref();
  }
  logger.info({ work: options.work !== false, retry_schedule: env().HERALD_DELIVERY_RETRY_SCHEDULE }, "dispatch started");
  return dispatcher;
}

type TRecordedAttempt = { uuid: string; result: TAttemptResult };

/** Enqueues the retries among recorded attempts, in the recording transaction. */
async function enqueueDeliveryRetries(tx: DbOrTx, dispatcher: TDispatcher, recorded: TRecordedAttempt[]): Promise<void> {
  const byDelay = new Map<number, TDeliveryRef[]>();
  for (const { uuid, result } of recorded) {
    if (result.kind === "retry") byDelay.set(result.delayMs, [...(byDelay.get(result.delayMs) ?? []), { uuid, transport: result.transport }]);
  }
  for (const [delayMs, rows] of byDelay) await dispatcher.enqueueDeliveries(tx, rows, delayMs);
}

/**
 * Runs the dispatch jobs of one fetch together: their events are loaded in one query and planned in
 * one pass (lib/dispatch/plan), which also writes the bell deliveries. What is left goes out: network
 * deliveries onto the deliver queue, mapped in-app deliveries attempted here at once.
 */
export async function dispatchEvents(db: DbOrTx, dispatcher: TDispatcher, jobs: { data: { event: string }; retryCount: number }[]): Promise<void> {
  // The rule index's version rides along, so checking the in-memory rules costs no round trip.
  const rows = await db
    .select({ event: events, ruleIndexVersion: ruleIndexVersionColumn })
    .from(events)
    .where(inArray(events.eventUuid, jobs.map((job) => job.data.event)));
  if (rows.length === 0) return; // deleted by retention before they were dispatched
  const plans = await planDeliveriesForEvents(
    db,
    rows.map((row) => row.event),
    maxAttemptsOf(dispatcher.schedule),
    { ruleIndexVersion: rows[0].ruleIndexVersion },
  );
  const toSend = plans.flatMap((plan) => plan.deliveries);
  // A retried job may follow a run that planned deliveries and stopped before sending them (crash,
  // database error): planning finds them stored and returns nothing new, so every untried delivery
  // of those events is picked up here. A first run sends what it planned, without this query.
  const retried = new Set(jobs.filter((job) => job.retryCount > 0).map((job) => job.data.event));
  if (retried.size) {
    const planned = new Set(toSend.map((delivery) => delivery.uuid));
    const stored = await db
      .select({ ...deliveryRef, mode: transports.mode, payload: deliveries.payload })
      .from(deliveries)
      .leftJoin(transports, eq(transports.uuid, deliveries.transport))
      .where(and(inArray(deliveries.event, [...retried]), eq(deliveries.status, "pending"), eq(deliveries.attempts, 0)));
    for (const row of stored) {
      if (planned.has(row.uuid)) continue;
      toSend.push({ uuid: row.uuid, transport: row.transport, local: row.mode === "local" || (row.transport === null && isImplicitLocal(row.payload)) });
    }
  }
  const network = toSend.filter((delivery) => !delivery.local);
  if (network.length) {
    await dispatcher.enqueueDeliveries(db, network.map(({ uuid, transport }) => ({ uuid, transport }))); // one statement
    dispatcher.kick();
  }
  const local = toSend.filter((delivery) => delivery.local).map((delivery) => delivery.uuid);
  if (local.length) await attemptDeliveries(db, local, dispatcher.schedule, (tx, recorded) => enqueueDeliveryRetries(tx, dispatcher, recorded));
}

/** Replays dead (or, with `all`, every given) deliveries: a fresh set of attempts from now. */
export async function replayDeliveries(db: DbOrTx, dispatcher: TDispatcher, uuids: string[]): Promise<string[]> {
  if (uuids.length === 0) return [];
  const extra = maxAttemptsOf(dispatcher.schedule);
  return db.transaction(async (tx) => {
    const replayed = await tx
      .update(deliveries)
      .set({ status: "pending", maxAttempts: sql`${deliveries.attempts} + ${extra}`, nextAttemptAt: null, completedAt: null, updated: new Date() })
      .where(and(inArray(deliveries.uuid, uuids), eq(deliveries.status, "dead")))
      .returning(deliveryRef);
    await dispatcher.enqueueDeliveries(tx, replayed);
    return replayed.map((row) => row.uuid);
  }).then((uuids) => {
    dispatcher.kick();
    return uuids;
  });
}

/** Deliveries overdue by more than the claim timeout (stale claims, lost retry jobs) go back on the queue. */
export async function rescueStuckDeliveries(db: DbOrTx, dispatcher: TDispatcher): Promise<number> {
  const timeout = sql`make_interval(secs => ${env().HERALD_DELIVERY_CLAIM_TIMEOUT})`;
  const stuck = await db
    .select(deliveryRef)
    .from(deliveries)
    .where(
      sql`(${deliveries.status} = 'sending' and ${deliveries.updated} < now() - ${timeout})
        or (${deliveries.status} in ('pending', 'retrying') and coalesce(${deliveries.nextAttemptAt}, ${deliveries.updated}) < now() - ${timeout})`,
    )
    .limit(500);
  await dispatcher.enqueueDeliveries(db, stuck);
  return stuck.length;
}
