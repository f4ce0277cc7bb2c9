import { getDb } from "@/db/client";
import { json, noContent, parseBody, route } from "@/lib/api/http";
import { intParam, type TParamsContext } from "@/lib/api/params";
import { requireApiAdmin } from "@/lib/auth/current";
import { deleteUser, updateUser } from "@/lib/users/mutations";
import { getSerializedUser } from "@/lib/users/queries";
import { ZUserPatch } from "@/lib/users/validation";

export const dynamic = "force-dynamic";

type TCtx = TParamsContext<"id">;
const NOT_FOUND = "No User matches the given query.";
const ZUserPut = ZUserPatch.required({ username: true, name: true });

export const GET = route(async (request, ctx: TCtx) => {
  await requireApiAdmin(request);
  return json(await getSerializedUser(await getDb(), await intParam(ctx, "id", NOT_FOUND)));
});

const update = (schema: typeof ZUserPatch | typeof ZUserPut) =>
  route(async (request, ctx: TCtx) => {
    const actor = await requireApiAdmin(request);
    const id = await intParam(ctx, "id", NOT_FOUND);
    const db = await getDb();
    await updateUser(db, actor, id, await parseBody(request, schema));
    return json(await getSerializedUser(db, id));
  });

export const PUT = update(ZUserPut);
export const PATCH = update(ZUserPatch);

export const DELETE = route(async (request, ctx: TCtx) => {
  const actor = await requireApiAdmin(request);
  await deleteUser(await getDb(), actor, await intParam(ctx, "id", NOT_FOUND));
  return noContent();
});
