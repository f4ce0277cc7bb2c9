import { type TParamsContext, uuidParam } from "@/lib/api/params";

export type TRuleCtx = TParamsContext<"pbm_uuid">;

export function ruleUuid(ctx: TRuleCtx): Promise<string> {
  return uuidParam(ctx, "pbm_uuid", "No NotificationRule matches the given query.");
}
