import { getDb } from "@/db/client";
import { json, noContent, route } from "@/lib/api/http";
import { type TParamsContext, uuidParam } from "@/lib/api/params";
import { requireApiAdmin } from "@/lib/auth/current";
import { deletePolicy } from "@/lib/policies/mutations";
import { getSerializedPolicy, NOT_FOUND } from "@/lib/policies/queries";

export const dynamic = "force-dynamic";

type TCtx = TParamsContext<"policy_uuid">;

export const GET = route(async (request: Request, ctx: TCtx) => {
  await requireApiAdmin(request);
  return json(await getSerializedPolicy(await getDb(), await uuidParam(ctx, "policy_uuid", NOT_FOUND)));
});

export const DELETE = route(async (request: Request, ctx: TCtx) => {
  const actor = await requireApiAdmin(request);
  await deletePolicy(await getDb(), actor, await uuidParam(ctx, "policy_uuid", NOT_FOUND));
  return noContent();
});
