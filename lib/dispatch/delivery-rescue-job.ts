import { sql } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { deliveries } from "@/db/schema";
import { env } from "@/lib/env";
import { defineJob } from "@/lib/jobs/define-job";
import { deliveryQueueOf, type TDeliveryQueue } from "./deliver-job";

/**
 * Safety net for the narrow windows where a delivery is stored but its job is gone (a worker
 * crashed between two commits): overdue deliveries are enqueued again; claims make it harmless.
 * It is the workers' own net, so it runs only where the queues are worked.
 */
export const deliveryRescueJob = defineJob({
  name: "herald-delivery-rescue",
  schedule: {
    everySeconds: () => Math.min(60, env().HERALD_DELIVERY_CLAIM_TIMEOUT),
    firstRunAfterSeconds: 0,
    onlyWhereWorking: true,
  },
  handler: ({ handle, queue }) => rescueStuckDeliveries(handle.db, deliveryQueueOf(queue)),
});

/** Deliveries overdue by more than the claim timeout (stale claims, lost retry jobs) go back on the queue. */
export async function rescueStuckDeliveries(
  db: DbOrTx,
  deliveryQueue: Pick<TDeliveryQueue, "enqueueDeliveries">,
): Promise<number> {
  const timeout = sql`make_interval(secs => ${env().HERALD_DELIVERY_CLAIM_TIMEOUT})`;
  const stuck = await db
    .select({ uuid: deliveries.uuid, transport: deliveries.transport })
    .from(deliveries)
    .where(
      sql`(${deliveries.status} = 'sending' and ${deliveries.updated} < now() - ${timeout})
        or (${deliveries.status} in ('pending', 'retrying') and coalesce(${deliveries.nextAttemptAt}, ${deliveries.updated}) < now() - ${timeout})`,
    )
    .limit(500);
  await deliveryQueue.enqueueDeliveries(db, stuck);
  return stuck.length;
}
