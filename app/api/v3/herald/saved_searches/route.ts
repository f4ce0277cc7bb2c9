import { getDb } from "@/db/client";
import { json, parseBody, route } from "@/lib/api/http";
import { requireApiAdmin } from "@/lib/auth/current";
import { createSavedSearch, listSavedSearches, ZSavedSearchCreate } from "@/lib/events/saved-searches";

export const dynamic = "force-dynamic";

export const GET = route(async (request) => {
  const actor = await requireApiAdmin(request);
  return json(await listSavedSearches(await getDb(), actor.userId));
});

export const POST = route(async (request) => {
  const actor = await requireApiAdmin(request);
  return json(await createSavedSearch(await getDb(), actor.userId, await parseBody(request, ZSavedSearchCreate)), 201);
});
