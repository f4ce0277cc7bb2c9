import { type TParamsContext, uuidParam } from "@/lib/api/params";

export type TNotificationCtx = TParamsContext<"uuid">;

export function notificationUuid(ctx: TNotificationCtx): Promise<string> {
  return uuidParam(ctx, "uuid", "No Notification matches the given query.");
}
