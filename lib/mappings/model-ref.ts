import type { TModelRef, TWebhookMapping } from "@/db/schema";

export function mappingModelRef(mapping: Pick<TWebhookMapping, "pmUuid" | "name">): TModelRef {
  return { app: "herald_events", model_name: "notificationwebhookmapping", pk: mapping.pmUuid.replaceAll("-", ""), name: mapping.name };
}
