import type { TModelRef, TPolicy, TPolicyKind } from "@/db/schema";

/** authentik's meta fields per kind; the component names let authentik's own UI open the right form. */
export const POLICY_META: Record<
  TPolicyKind,
  {
    component: string;
    verbose_name: string;
    verbose_name_plural: string;
    meta_model_name: string;
    model_name: string;
    description: string;
  }
> = {
  event_matcher: {
    component: "ak-policy-event-matcher-form",
    verbose_name: "Event Matcher Policy",
    verbose_name_plural: "Event Matcher Policies",
    meta_model_name: "authentik_policies_event_matcher.eventmatcherpolicy",
    model_name: "eventmatcherpolicy",
    description: "Passes when an event matches every configured field (action, client IP, app, model).",
  },
  expression: {
    component: "ak-policy-expression-form",
    verbose_name: "Expression Policy",
    verbose_name_plural: "Expression Policies",
    meta_model_name: "authentik_policies_expression.expressionpolicy",
    model_name: "expressionpolicy",
    description: "Runs a JavaScript expression in a sandbox; passes when it returns a truthy value.",
  },
};

export type TSerializedPolicy = {
  pk: string;
  name: string;
  execution_logging: boolean;
  component: string;
  verbose_name: string;
  verbose_name_plural: string;
  meta_model_name: string;
  bound_to: number;
} & Record<string, unknown>;

/** The kind's own shape (authentik resolves the subclass serializer in /policies/all/ as well). */
export function serializePolicy(policy: TPolicy, boundTo: number): TSerializedPolicy {
  const { model_name: _model, description: _description, ...meta } = POLICY_META[policy.kind];
  const base = {
    pk: policy.policyUuid,
    name: policy.name,
    execution_logging: policy.executionLogging,
    ...meta,
    bound_to: boundTo,
  };
  if (policy.kind === "expression") return { ...base, expression: policy.expression ?? "" };
  return {
    ...base,
    action: policy.matchAction,
    client_ip: policy.matchClientIp,
    app: policy.matchApp,
    model: policy.matchModel,
    query: null,
  };
}

/** What audit events record for a policy (diffs are computed over this). */
export function policyAuditSnapshot(policy: TPolicy): Record<string, unknown> {
  const base = { policy_uuid: policy.policyUuid, name: policy.name, execution_logging: policy.executionLogging };
  if (policy.kind === "expression") return { ...base, expression: policy.expression };
  return {
    ...base,
    action: policy.matchAction,
    client_ip: policy.matchClientIp,
    app: policy.matchApp,
    model: policy.matchModel,
  };
}

/** Model references as audit events and policy events carry them (authentik's model_to_dict shape). */
export const POLICY_MODEL_NAMES = { event_matcher: "eventmatcherpolicy", expression: "expressionpolicy" } as const;

export function policyModelRef(policy: Pick<TPolicy, "policyUuid" | "name" | "kind">): TModelRef {
  return {
    app: "herald_policies",
    model_name: POLICY_MODEL_NAMES[policy.kind],
    pk: policy.policyUuid.replaceAll("-", ""),
    name: policy.name,
  };
}
