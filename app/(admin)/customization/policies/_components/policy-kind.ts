import type { TSerializedPolicy } from "@/lib/policies/serialize";

export type TPolicyKind = "event_matcher" | "expression";

export const kindOf = (policy: TSerializedPolicy): TPolicyKind =>
  policy.component === "ak-policy-expression-form" ? "expression" : "event_matcher";
