import { getDb } from "@/db/client";
import { json, route } from "@/lib/api/http";
import { requireApiActor } from "@/lib/auth/current";
import { sessionUser } from "@/lib/users/queries";

export const dynamic = "force-dynamic";

/** Any signed-in user or token: who am I. */
export const GET = route(async (request) => {
  const actor = await requireApiActor(request);
  return json(await sessionUser(await getDb(), actor));
});
