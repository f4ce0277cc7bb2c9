import { getDb } from "@/db/client";
import { json, route } from "@/lib/api/http";
import { type TParamsContext, textParam } from "@/lib/api/params";
import { requireApiActor } from "@/lib/auth/current";
import { revokeToken } from "@/lib/tokens/mutations";
import { getSerializedToken, TOKEN_NOT_FOUND } from "@/lib/tokens/queries";

export const dynamic = "force-dynamic";

/** Herald extension: the token stays listed (and audited) but never authenticates again. */
export const POST = route(async (request, ctx: TParamsContext<"identifier">) => {
  const actor = await requireApiActor(request);
  const identifier = await textParam(ctx, "identifier", TOKEN_NOT_FOUND);
  const db = await getDb();
  await revokeToken(db, actor, identifier);
  return json(await getSerializedToken(db, actor, identifier));
});
