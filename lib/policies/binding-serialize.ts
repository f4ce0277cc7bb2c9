import type { TGroup, TModelRef, TPolicyBinding } from "@/db/schema";
import type { TSerializedPolicy } from "./serialize";

/** authentik's PolicyBinding shape, with the bound object inlined (policy_obj / group_obj / user_obj). */
export type TSerializedBinding = {
  pk: string;
  policy: string | null;
  group: string | null;
  user: number | null;
  policy_obj: TSerializedPolicy | null;
  group_obj: Record<string, unknown> | null;
  user_obj: Record<string, unknown> | null;
  target: string;
  negate: boolean;
  enabled: boolean;
  order: number;
  timeout: number;
  failure_result: boolean;
  expires: null;
  expiring: boolean;
};

/** authentik's PartialGroup, without the `parent` that the users API adds for older clients. */
export function partialGroup(group: TGroup): Record<string, unknown> {
  return {
    pk: group.uuid,
    num_pk: group.numPk,
    name: group.name,
    is_superuser: group.isSuperuser,
    attributes: group.attributes,
  };
}

/** What audit events record for a binding (diffs are computed over this). */
export function bindingAuditSnapshot(row: TPolicyBinding): Record<string, unknown> {
  return {
    policy_binding_uuid: row.policyBindingUuid,
    target: row.target,
    policy: row.policy,
    group: row.group,
    user: row.user,
    negate: row.negate,
    enabled: row.enabled,
    order: row.order,
    timeout: row.timeout,
    failure_result: row.failureResult,
  };
}

/** authentik's PolicyBinding str(): "Binding from <target> #<order> to <policy|group|user>". */
export function bindingLabel(targetName: string, order: number, subject: string): string {
  return `Binding from ${targetName} #${order} to ${subject}`;
}

export function bindingModelRef(binding: Pick<TPolicyBinding, "policyBindingUuid">, name: string): TModelRef {
  return {
    app: "herald_policies",
    model_name: "policybinding",
    pk: binding.policyBindingUuid.replaceAll("-", ""),
    name,
  };
}
