import { and, eq, inArray } from "drizzle-orm";
import { z } from "zod";
import type { DbOrTx } from "@/db/client";
import { deliveries, events, transports } from "@/db/schema";
import { isImplicitLocal } from "@/lib/deliveries/payload";
import { defineJob } from "@/lib/jobs/define-job";
import { ruleIndexVersionColumn } from "@/lib/rules/rule-index";
import { attemptDeliveries } from "./deliver";
import { deliveryQueueOf, enqueueDeliveryRetries, type TDeliveryQueue } from "./deliver-job";
import { DISPATCH_JOB_RETRY } from "./job-retry-policy";
import { planDeliveriesForEvents } from "./plan";
import { maxAttemptsOf } from "./retry-schedule";

export const DISPATCH_QUEUE = "herald-dispatch";

export const ZDispatchPayload = z.object({ event: z.guid() });
export type TDispatchPayload = z.infer<typeof ZDispatchPayload>;

/**
 * An event's dispatch, enqueued with the event (lib/dispatch/dispatcher.ts). A batch costs about
 * the same few statements whatever its size, so a busy pool waits for a quarter of its slots before
 * fetching: with a per-slot refill, a 1,000-event burst was dispatched as a batch of 60 followed by
 * single events, each paying the whole batch cost.
 */
export const dispatchJob = defineJob({
  name: DISPATCH_QUEUE,
  payload: ZDispatchPayload,
  retry: DISPATCH_JOB_RETRY,
  concurrency: 256,
  minFetch: 64,
  idleMs: 200,
  handler: ({ handle, queue }) => {
    const deliveryQueue = deliveryQueueOf(queue);
    return {
      run(jobs) {
        const batch = dispatchEvents(handle.db, deliveryQueue, jobs);
        return jobs.map(() => batch);
      },
    };
  },
});

/**
 * Runs the dispatch jobs of one fetch together: their events are loaded in one query and planned in
 * one pass (lib/dispatch/plan), which also writes the bell deliveries. What is left goes out: network
 * deliveries onto the deliver queue, mapped in-app deliveries attempted here at once.
 */
export async function dispatchEvents(
  db: DbOrTx,
  deliveryQueue: TDeliveryQueue,
  jobs: { data: TDispatchPayload; retryCount: number }[],
): Promise<void> {
  // The rule index's version rides along, so checking the in-memory rules costs no round trip.
  const eventUuids = jobs.map((job) => job.data.event);
  const rows = await db
    .select({ event: events, ruleIndexVersion: ruleIndexVersionColumn })
    .from(events)
    .where(inArray(events.eventUuid, eventUuids));
  if (rows.length === 0) return; // deleted by retention before they were dispatched
  const plans = await planDeliveriesForEvents(
    db,
    rows.map((row) => row.event),
    maxAttemptsOf(deliveryQueue.schedule),
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
      .select({
        uuid: deliveries.uuid,
        transport: deliveries.transport,
        mode: transports.mode,
        payload: deliveries.payload,
      })
      .from(deliveries)
      .leftJoin(transports, eq(transports.uuid, deliveries.transport))
      .where(
        and(inArray(deliveries.event, [...retried]), eq(deliveries.status, "pending"), eq(deliveries.attempts, 0)),
      );
    for (const row of stored) {
      if (planned.has(row.uuid)) continue;
      const local = row.mode === "local" || (row.transport === null && isImplicitLocal(row.payload));
      toSend.push({ uuid: row.uuid, transport: row.transport, local });
    }
  }
  const network = toSend.filter((delivery) => !delivery.local);
  if (network.length) {
    await deliveryQueue.enqueueDeliveries(
      db,
      network.map(({ uuid, transport }) => ({ uuid, transport })),
    ); // one statement
    deliveryQueue.kick();
  }
  const local = toSend.filter((delivery) => delivery.local).map((delivery) => delivery.uuid);
  if (local.length) {
    await attemptDeliveries(db, local, deliveryQueue.schedule, (tx, recorded) =>
      enqueueDeliveryRetries(tx, deliveryQueue, recorded),
    );
  }
}
