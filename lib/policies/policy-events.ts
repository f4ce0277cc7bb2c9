import type { DbOrTx } from "@/db/client";
import type { TEventUser, TModelRef, TPolicy } from "@/db/schema";
import { createEvent } from "@/lib/events/create-event";

/**
 * Side-effect events of policy evaluation. Both carry `policy_uuid`, which is what the loop guard
 * (loop-guard.ts) keys on: events caused by a policy bound to a rule never trigger rules again.
 */
const APP = "herald.policies";

export type TPolicyEventInput = {
  policy: TPolicy;
  binding: TModelRef | null;
  event: TModelRef | null;
  user: TEventUser;
};

/** `execution_logging` on: every run is recorded, not only failures. */
export async function emitPolicyExecution(
  db: DbOrTx,
  input: TPolicyEventInput & { result: { passing: boolean; messages: string[] } },
): Promise<void> {
  await createEvent(db, {
    action: "policy_execution",
    app: APP,
    user: input.user,
    context: {
      message: "Policy Execution",
      result: input.result,
      binding: input.binding,
      policy_uuid: input.policy.policyUuid,
      event: input.event,
    },
  });
}

export async function emitPolicyException(
  db: DbOrTx,
  input: TPolicyEventInput & { error: { kind: string; text: string } },
): Promise<void> {
  await createEvent(db, {
    action: "policy_exception",
    app: APP,
    user: input.user,
    context: {
      message: "Policy failed to execute",
      exception: input.error.text,
      failure_kind: input.error.kind,
      expression: input.policy.expression,
      policy_uuid: input.policy.policyUuid,
      binding: input.binding,
      event: input.event,
    },
  });
}
