import { getDb } from "@/db/client";
import { json, parseBody, parseQuery, route } from "@/lib/api/http";
import { requireApiAdmin } from "@/lib/auth/current";
import { createRule } from "@/lib/rules/mutations";
import { listRules } from "@/lib/rules/queries";
import { serializeRule } from "@/lib/rules/serialize";
import { ZRuleCreate, ZRuleListQuery } from "@/lib/rules/validation";

export const dynamic = "force-dynamic";

export const GET = route(async (request: Request) => {
  await requireApiAdmin(request);
  return json(await listRules(await getDb(), parseQuery(request, ZRuleListQuery)));
});

export const POST = route(async (request: Request) => {
  const actor = await requireApiAdmin(request);
  return json(serializeRule(await createRule(await getDb(), actor, await parseBody(request, ZRuleCreate))), 201);
});
