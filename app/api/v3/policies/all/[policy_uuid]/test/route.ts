import { getDb } from "@/db/client";
import { json, parseBody, route } from "@/lib/api/http";
import { type TParamsContext, uuidParam } from "@/lib/api/params";
import { requireApiAdmin } from "@/lib/auth/current";
import { NOT_FOUND } from "@/lib/policies/queries";
import { tryPolicy } from "@/lib/policies/try-policy";
import { ZPolicyTest } from "@/lib/policies/validation";

export const dynamic = "force-dynamic";

/** Dry run of one policy for a user and context (Herald: `event` or `context.event` = a stored event's uuid). */
export const POST = route(async (request: Request, ctx: TParamsContext<"policy_uuid">) => {
  await requireApiAdmin(request);
  const uuid = await uuidParam(ctx, "policy_uuid", NOT_FOUND);
  const input = await parseBody(request, ZPolicyTest);
  return json(await tryPolicy(await getDb(), uuid, input));
});
