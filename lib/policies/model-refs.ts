import type { TModelRef, TPolicy, TPolicyBinding } from "@/db/schema";

/** Model references as audit events and policy events carry them (authentik's model_to_dict shape). */
export const POLICY_MODEL_NAMES = { event_matcher: "eventmatcherpolicy", expression: "expressionpolicy" } as const;

export function policyModelRef(policy: Pick<TPolicy, "policyUuid" | "name" | "kind">): TModelRef {
  return { app: "herald_policies", model_name: POLICY_MODEL_NAMES[policy.kind], pk: hex(policy.policyUuid), name: policy.name };
}

/** authentik's PolicyBinding str(): "Binding from <target> #<order> to <policy|group|user>". */
export function bindingLabel(targetName: string, order: number, subject: string): string {
  return `Binding from ${targetName} #${order} to ${subject}`;
}

export function bindingModelRef(binding: Pick<TPolicyBinding, "policyBindingUuid">, name: string): TModelRef {
  return { app: "herald_policies", model_name: "policybinding", pk: hex(binding.policyBindingUuid), name };
}

function hex(uuid: string): string {
  return uuid.replaceAll("-", "");
}
