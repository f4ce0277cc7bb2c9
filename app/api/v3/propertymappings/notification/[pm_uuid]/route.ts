import { getDb } from "@/db/client";
import { json, noContent, parseBody, route } from "@/lib/api/http";
import { requireApiAdmin } from "@/lib/auth/current";
import { deleteMapping, updateMapping } from "@/lib/mappings/mutations";
import { findMapping } from "@/lib/mappings/queries";
import { serializeMapping } from "@/lib/mappings/serialize";
import { ZMappingCreate, ZMappingPatch } from "@/lib/mappings/validation";
import { mappingUuid, type TMappingCtx } from "../_params";

export const dynamic = "force-dynamic";

export const GET = route(async (request: Request, ctx: TMappingCtx) => {
  await requireApiAdmin(request);
  return json(serializeMapping(await findMapping(await getDb(), await mappingUuid(ctx))));
});

const update = (partial: boolean) =>
  route(async (request: Request, ctx: TMappingCtx) => {
    const actor = await requireApiAdmin(request);
    const uuid = await mappingUuid(ctx);
    const input = await parseBody(request, partial ? ZMappingPatch : ZMappingCreate);
    return json(serializeMapping(await updateMapping(await getDb(), actor, uuid, input)));
  });
export const PUT = update(false);
export const PATCH = update(true);

export const DELETE = route(async (request: Request, ctx: TMappingCtx) => {
  const actor = await requireApiAdmin(request);
  await deleteMapping(await getDb(), actor, await mappingUuid(ctx));
  return noContent();
});
