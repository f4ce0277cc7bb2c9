import { getDb } from "@/db/client";
import { json, noContent, parseBody, route } from "@/lib/api/http";
import { type TParamsContext, uuidParam } from "@/lib/api/params";
import { requireApiAdmin } from "@/lib/auth/current";
import { deleteGroup, updateGroup } from "@/lib/groups/mutations";
import { GROUP_NOT_FOUND, getSerializedGroup } from "@/lib/groups/queries";
import { ZGroupPatch } from "@/lib/groups/validation";

export const dynamic = "force-dynamic";

type TCtx = TParamsContext<"group_uuid">;
const ZGroupPut = ZGroupPatch.required({ name: true });

export const GET = route(async (request, ctx: TCtx) => {
  await requireApiAdmin(request);
  return json(await getSerializedGroup(await getDb(), await uuidParam(ctx, "group_uuid", GROUP_NOT_FOUND)));
});

const update = (schema: typeof ZGroupPatch | typeof ZGroupPut) =>
  route(async (request, ctx: TCtx) => {
    const actor = await requireApiAdmin(request);
    const uuid = await uuidParam(ctx, "group_uuid", GROUP_NOT_FOUND);
    const db = await getDb();
    await updateGroup(db, actor, uuid, await parseBody(request, schema));
    return json(await getSerializedGroup(db, uuid));
  });

export const PUT = update(ZGroupPut);
export const PATCH = update(ZGroupPatch);

export const DELETE = route(async (request, ctx: TCtx) => {
  const actor = await requireApiAdmin(request);
  await deleteGroup(await getDb(), actor, await uuidParam(ctx, "group_uuid", GROUP_NOT_FOUND));
  return noContent();
});
