import { and, eq, inArray } from "drizzle-orm";
import type { Db } from "@/db/client";
import { deliveries, deliveryAttempts } from "@/db/schema";
import { env } from "@/lib/env";
import { defineJob } from "@/lib/jobs/define-job";
import { logger } from "@/lib/logger";
import { deliveryQueueOf, type TDeliveryQueue } from "./deliver-job";
import { claimerIsGone } from "./worker-identity";

/** At most this many claims are taken back per run; the next run, seconds later, takes the rest. */
const BATCH = 1000;

export const INTERRUPTED_ATTEMPT =
  "The worker sending it stopped before the outcome was recorded (it may have arrived); sent again.";

/**
 * Takes back the claims of worker processes that died, every HERALD_DELIVERY_RECLAIM_INTERVAL
 * seconds wherever the queues are worked, and at start-up (on PGlite that is every claim left from
 * before the restart). Cheap when nothing died: one read of the in-flight deliveries and the lock
 * table, nothing written.
 */
export const deliveryReclaimJob = defineJob({
  name: "herald-delivery-reclaim",
  schedule: {
    everySeconds: () => env().HERALD_DELIVERY_RECLAIM_INTERVAL,
    firstRunAfterSeconds: 0,
    onlyWhereWorking: true,
  },
  handler: async ({ handle, queue }) => {
    const deliveryQueue = deliveryQueueOf(queue);
    const taken = await reclaimDeadWorkersDeliveries(handle.db, deliveryQueue);
    if (taken) {
      deliveryQueue.kick();
      logger.warn({ deliveries: taken }, "took back deliveries claimed by a worker that died");
    }
  },
});

/**
 * Deliveries in flight ('sending') whose worker no longer holds its lock go back to 'retrying' and
 * onto the queue, with a ledger row for the interrupted attempt (it counts: the receiver may have
 * got it), and the dead worker's deliver jobs are completed, so they stop holding their
 * transport's slots until pg-boss's heartbeat check fails them. Concurrent reclaims take each
 * delivery once (the UPDATE re-checks the row it locks). Returns how many were taken back.
 */
export async function reclaimDeadWorkersDeliveries(
  db: Db,
  deliveryQueue: Pick<TDeliveryQueue, "enqueueDeliveries" | "completeJobs">,
): Promise<number> {
  const abandoned = and(eq(deliveries.status, "sending"), claimerIsGone(deliveries.claimedBy));
  const candidates = await db
    .select({ uuid: deliveries.uuid, claimedAt: deliveries.updated, job: deliveries.claimedJob })
    .from(deliveries)
    .where(abandoned)
    .limit(BATCH);
  if (candidates.length === 0) return 0;
  // A candidate taken below was not claimed again in between (its claimer is still gone), so its
  // claim time and job are as read here.
  const claims = new Map(candidates.map((row) => [row.uuid, row]));
  return db.transaction(async (tx) => {
    const now = new Date();
    const taken = await tx
      .update(deliveries)
      .set({
        status: "retrying",
        lastError: INTERRUPTED_ATTEMPT,
        nextAttemptAt: now,
        updated: now,
        claimedBy: null,
        claimedJob: null,
      })
      .where(and(inArray(deliveries.uuid, [...claims.keys()]), abandoned))
      .returning({ uuid: deliveries.uuid, transport: deliveries.transport, attempt: deliveries.attempts });
    if (taken.length === 0) return 0;
    await tx.insert(deliveryAttempts).values(
      taken.map(({ uuid, attempt }) => {
        const started = claims.get(uuid)?.claimedAt ?? now;
        return {
          delivery: uuid,
          attempt,
          startedAt: started,
          durationMs: Math.max(0, now.getTime() - started.getTime()),
          ok: false,
          error: INTERRUPTED_ATTEMPT,
        };
      }),
    );
    await deliveryQueue.enqueueDeliveries(tx, taken);
    const jobs = taken.map(({ uuid }) => claims.get(uuid)?.job).filter((job): job is string => Boolean(job));
    if (jobs.length) await deliveryQueue.completeJobs(tx, jobs);
    return taken.length;
  });
}
