import { type TParamsContext, uuidParam } from "@/lib/api/params";

export type TTransportCtx = TParamsContext<"uuid">;

export function transportUuid(ctx: TTransportCtx): Promise<string> {
  return uuidParam(ctx, "uuid", "No NotificationTransport matches the given query.");
}
