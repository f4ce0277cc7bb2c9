import { getDb } from "@/db/client";
import { json, route } from "@/lib/api/http";
import { requireApiAdmin } from "@/lib/auth/current";
import { ruleUsedBy } from "@/lib/rules/queries";
import { ruleUuid, type TRuleCtx } from "../../_params";

export const dynamic = "force-dynamic";

export const GET = route(async (request: Request, ctx: TRuleCtx) => {
  await requireApiAdmin(request);
  return json(await ruleUsedBy(await getDb(), await ruleUuid(ctx)));
});
