import { getDb } from "@/db/client";
import { noContent, route } from "@/lib/api/http";
import { type TParamsContext, uuidParam } from "@/lib/api/params";
import { requireApiAdmin } from "@/lib/auth/current";
import { deleteSavedSearch, SAVED_SEARCH_NOT_FOUND } from "@/lib/events/saved-searches";

export const dynamic = "force-dynamic";

type TCtx = TParamsContext<"uuid">;

export const DELETE = route(async (request: Request, ctx: TCtx) => {
  const actor = await requireApiAdmin(request);
  await deleteSavedSearch(await getDb(), actor.userId, await uuidParam(ctx, "uuid", SAVED_SEARCH_NOT_FOUND));
  return noContent();
});
