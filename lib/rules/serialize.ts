import type { TGroup, TModelRef, TRule } from "@/db/schema";
import { serializePartialGroup } from "@/lib/users/serialize";

export function ruleModelRef(rule: Pick<TRule, "pbmUuid" | "name">): TModelRef {
  return {
    app: "herald_events",
    model_name: "notificationrule",
    pk: rule.pbmUuid.replaceAll("-", ""),
    name: rule.name,
  };
}

export type TRuleWithRelations = TRule & { transportUuids: string[]; group: TGroup | null; bindingCount: number };

export function serializeRule(row: TRuleWithRelations) {
  return {
    pk: row.pbmUuid,
    name: row.name,
    transports: row.transportUuids,
    severity: row.severity,
    destination_group: row.destinationGroup,
    // authentik's client reads a full Group here (roles_obj is required); members are not expanded.
    destination_group_obj: row.group
      ? {
          ...serializePartialGroup(row.group),
          parents: row.group.parentUuid ? [row.group.parentUuid] : [],
          roles: [],
          roles_obj: [],
          children: [],
        }
      : null,
    destination_event_user: row.destinationEventUser,
    enabled: row.enabled,
    policy_engine_mode: row.policyEngineMode,
    managed: row.managed,
    /** Herald extension: how many policies/groups/users are bound (0 = the rule never fires). */
    bindings_count: row.bindingCount,
  };
}
export type TSerializedRule = ReturnType<typeof serializeRule>;

/** What audit events record for a rule (diffs are computed over this). */
export const ruleAuditSnapshot = (row: TRuleWithRelations) => ({
  name: row.name,
  severity: row.severity,
  destination_group: row.destinationGroup,
  destination_event_user: row.destinationEventUser,
  enabled: row.enabled,
  policy_engine_mode: row.policyEngineMode,
  transports: [...row.transportUuids].sort(),
});
