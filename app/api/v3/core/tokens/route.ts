import { getDb } from "@/db/client";
import { json, parseBody, parseQuery, route } from "@/lib/api/http";
import { requireApiActor } from "@/lib/auth/current";
import { createToken } from "@/lib/tokens/mutations";
import { getSerializedToken, listTokens } from "@/lib/tokens/queries";
import { ZTokenCreate, ZTokenListQuery } from "@/lib/tokens/validation";

export const dynamic = "force-dynamic";

/** Admins see every token; anyone else only their own (the scope is in lib/tokens/queries). */
export const GET = route(async (request) => {
  const actor = await requireApiActor(request);
  return json(await listTokens(await getDb(), actor, parseQuery(request, ZTokenListQuery)));
});

/** The key is in this response only; Herald stores its hash. */
export const POST = route(async (request) => {
  const actor = await requireApiActor(request);
  const db = await getDb();
  const { token, key } = await createToken(db, actor, await parseBody(request, ZTokenCreate));
  return json({ ...(await getSerializedToken(db, actor, token.identifier)), key }, 201);
});
