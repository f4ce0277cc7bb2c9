import { getDb } from "@/db/client";
import { json, noContent, parseBody, route } from "@/lib/api/http";
import { requireApiAdmin } from "@/lib/auth/current";
import { deleteTransport, updateTransport } from "@/lib/transports/mutations";
import { findTransport } from "@/lib/transports/queries";
import { serializeTransport } from "@/lib/transports/serialize";
import { ZTransportCreate, ZTransportPatch } from "@/lib/transports/validation";
import { type TTransportCtx, transportUuid } from "../_params";

export const dynamic = "force-dynamic";

export const GET = route(async (request: Request, ctx: TTransportCtx) => {
  await requireApiAdmin(request);
  return json(serializeTransport(await findTransport(await getDb(), await transportUuid(ctx))));
});

const update = (partial: boolean) =>
  route(async (request: Request, ctx: TTransportCtx) => {
    const actor = await requireApiAdmin(request);
    const uuid = await transportUuid(ctx);
    const input = await parseBody(request, partial ? ZTransportPatch : ZTransportCreate);
    return json(serializeTransport(await updateTransport(await getDb(), actor, uuid, input)));
  });
export const PUT = update(false);
export const PATCH = update(true);

export const DELETE = route(async (request: Request, ctx: TTransportCtx) => {
  const actor = await requireApiAdmin(request);
  await deleteTransport(await getDb(), actor, await transportUuid(ctx));
  return noContent();
});
