import { getDb } from "@/db/client";
import { json, noContent, parseBody, route } from "@/lib/api/http";
import { type TParamsContext, textParam } from "@/lib/api/params";
import { requireApiActor } from "@/lib/auth/current";
import { deleteToken, updateToken } from "@/lib/tokens/mutations";
import { getSerializedToken, TOKEN_NOT_FOUND } from "@/lib/tokens/queries";
import { ZTokenPatch } from "@/lib/tokens/validation";

export const dynamic = "force-dynamic";

type TCtx = TParamsContext<"identifier">;

export const GET = route(async (request, ctx: TCtx) => {
  const actor = await requireApiActor(request);
  return json(await getSerializedToken(await getDb(), actor, await textParam(ctx, "identifier", TOKEN_NOT_FOUND)));
});

/** Only description and expiry can change; identifier, owner and intent are fixed at creation. */
const update = route(async (request, ctx: TCtx) => {
  const actor = await requireApiActor(request);
  const identifier = await textParam(ctx, "identifier", TOKEN_NOT_FOUND);
  const db = await getDb();
  await updateToken(db, actor, identifier, await parseBody(request, ZTokenPatch));
  return json(await getSerializedToken(db, actor, identifier));
});
export const PUT = update;
export const PATCH = update;

export const DELETE = route(async (request, ctx: TCtx) => {
  const actor = await requireApiActor(request);
  await deleteToken(await getDb(), actor, await textParam(ctx, "identifier", TOKEN_NOT_FOUND));
  return noContent();
});
