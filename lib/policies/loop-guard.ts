/**
 * Exported API: isPolicyLoopEvent(db, event) → true when the event was caused by a policy that is
 * bound to a notification rule (its context carries that policy's `policy_uuid`): such events
 * (policy_exception, policy_execution, …) never trigger rules, or a failing policy would notify
 * about itself forever (authentik's loop prevention). One indexed lookup on policy_bindings.policy.
 */
import { eq } from "drizzle-orm";
import { z } from "zod";
import type { DbOrTx } from "@/db/client";
import { policyBindings, type TEvent } from "@/db/schema";

const ZUuid = z.uuid();

export async function isPolicyLoopEvent(db: DbOrTx, event: Pick<TEvent, "context">): Promise<boolean> {
  const policyUuid = event.context?.policy_uuid;
  if (typeof policyUuid !== "string" || !ZUuid.safeParse(policyUuid).success) return false;
  const [row] = await db
    .select({ uuid: policyBindings.policyBindingUuid })
    .from(policyBindings)
    .where(eq(policyBindings.policy, policyUuid.toLowerCase()))
    .limit(1);
  return Boolean(row);
}
