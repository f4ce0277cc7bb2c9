import { getDb } from "@/db/client";
import { json, noContent, parseBody, route } from "@/lib/api/http";
import { type TParamsContext, uuidParam } from "@/lib/api/params";
import { requireApiAdmin } from "@/lib/auth/current";
import { deleteBinding, updateBinding } from "@/lib/policies/binding-mutations";
import { getSerializedBinding } from "@/lib/policies/binding-queries";
import { ZBindingCreate, ZBindingPatch } from "@/lib/policies/validation";

export const dynamic = "force-dynamic";

type TCtx = TParamsContext<"policy_binding_uuid">;
const NOT_FOUND = "No PolicyBinding matches the given query.";
const bindingUuid = (ctx: TCtx) => uuidParam(ctx, "policy_binding_uuid", NOT_FOUND);

export const GET = route(async (request: Request, ctx: TCtx) => {
  await requireApiAdmin(request);
  return json(await getSerializedBinding(await getDb(), await bindingUuid(ctx)));
});

/** PUT replaces every field (defaults for the omitted ones); PATCH changes only what it names. */
const update = (replace: boolean) =>
  route(async (request: Request, ctx: TCtx) => {
    const actor = await requireApiAdmin(request);
    const uuid = await bindingUuid(ctx);
    const db = await getDb();
    await updateBinding(db, actor, uuid, await parseBody(request, replace ? ZBindingCreate : ZBindingPatch), replace);
    return json(await getSerializedBinding(db, uuid));
  });
export const PUT = update(true);
export const PATCH = update(false);

export const DELETE = route(async (request: Request, ctx: TCtx) => {
  const actor = await requireApiAdmin(request);
  await deleteBinding(await getDb(), actor, await bindingUuid(ctx));
  return noContent();
});
