import { type TParamsContext, uuidParam } from "@/lib/api/params";

export type TMappingCtx = TParamsContext<"pm_uuid">;

export function mappingUuid(ctx: TMappingCtx): Promise<string> {
  return uuidParam(ctx, "pm_uuid", "No NotificationWebhookMapping matches the given query.");
}
