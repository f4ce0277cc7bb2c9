import { getDb } from "@/db/client";
import { json, route } from "@/lib/api/http";
import { requireApiAdmin } from "@/lib/auth/current";
import { mappingUsedBy } from "@/lib/mappings/queries";
import { mappingUuid, type TMappingCtx } from "../../_params";

export const dynamic = "force-dynamic";

/** Transports whose body or header mapping this is; deleting the mapping clears those fields. */
export const GET = route(async (request: Request, ctx: TMappingCtx) => {
  await requireApiAdmin(request);
  return json(await mappingUsedBy(await getDb(), await mappingUuid(ctx)));
});
