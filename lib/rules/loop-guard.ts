/**
 * Exported API: isPolicyLoopEvent(index, event) → true when the event was caused by a policy that
 * is bound to a notification rule (its context carries that policy's `policy_uuid`): such events
 * (policy_exception, policy_execution, …) never trigger rules, or a failing policy would notify
 * about itself forever (authentik's loop prevention). Answered from the in-memory rule index.
 */
import { z } from "zod";
import type { TEvent } from "@/db/schema";
import type { TRuleIndex } from "./rule-index";

const ZUuid = z.uuid();

export function isPolicyLoopEvent(index: Pick<TRuleIndex, "isBoundPolicy">, event: Pick<TEvent, "context">): boolean {
  const policyUuid = event.context?.policy_uuid;
  if (typeof policyUuid !== "string" || !ZUuid.safeParse(policyUuid).success) return false;
  return index.isBoundPolicy(policyUuid);
}
