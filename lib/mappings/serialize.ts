import type { TModelRef, TWebhookMapping } from "@/db/schema";

export function mappingModelRef(mapping: Pick<TWebhookMapping, "pmUuid" | "name">): TModelRef {
  return {
    app: "herald_events",
    model_name: "notificationwebhookmapping",
    pk: mapping.pmUuid.replaceAll("-", ""),
    name: mapping.name,
  };
}

export const MAPPING_META = {
  component: "ak-property-mapping-notification-form",
  verbose_name: "Webhook Mapping",
  verbose_name_plural: "Webhook Mappings",
  meta_model_name: "authentik_events.notificationwebhookmapping",
} as const;

export function serializeMapping(row: TWebhookMapping) {
  return { pk: row.pmUuid, managed: row.managed, name: row.name, expression: row.expression, ...MAPPING_META };
}
export type TSerializedMapping = ReturnType<typeof serializeMapping>;

/** What audit events record for a mapping (diffs are computed over this). */
export const mappingAuditSnapshot = (row: TWebhookMapping) => ({
  pm_uuid: row.pmUuid,
  name: row.name,
  expression: row.expression,
});
