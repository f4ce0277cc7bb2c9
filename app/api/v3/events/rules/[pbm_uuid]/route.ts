import { getDb } from "@/db/client";
import { json, noContent, parseBody, route } from "@/lib/api/http";
import { requireApiAdmin } from "@/lib/auth/current";
import { deleteRule, updateRule } from "@/lib/rules/mutations";
import { findRule } from "@/lib/rules/queries";
import { serializeRule } from "@/lib/rules/serialize";
import { ZRuleCreate, ZRulePatch } from "@/lib/rules/validation";
import { ruleUuid, type TRuleCtx } from "../_params";

export const dynamic = "force-dynamic";

export const GET = route(async (request: Request, ctx: TRuleCtx) => {
  await requireApiAdmin(request);
  return json(serializeRule(await findRule(await getDb(), await ruleUuid(ctx))));
});

const update = (partial: boolean) =>
  route(async (request: Request, ctx: TRuleCtx) => {
    const actor = await requireApiAdmin(request);
    const uuid = await ruleUuid(ctx);
    const input = await parseBody(request, partial ? ZRulePatch : ZRuleCreate);
    return json(serializeRule(await updateRule(await getDb(), actor, uuid, input)));
  });
export const PUT = update(false);
export const PATCH = update(true);

export const DELETE = route(async (request: Request, ctx: TRuleCtx) => {
  const actor = await requireApiAdmin(request);
  await deleteRule(await getDb(), actor, await ruleUuid(ctx));
  return noContent();
});
