import { getDb } from "@/db/client";
import { json, parseWith, readOptionalJson, route } from "@/lib/api/http";
import { requireApiAdmin } from "@/lib/auth/current";
import { tryMapping } from "@/lib/mappings/try-mapping";
import { ZMappingTest } from "@/lib/mappings/validation";
import { mappingUuid, type TMappingCtx } from "../../_params";

export const dynamic = "force-dynamic";

/**
 * Herald extension: runs the mapping on a sample notification addressed to the caller and returns
 * `{ok: true, value, notification}` or `{ok: false, error, kind}` (200 either way: a failing
 * mapping is a test result, not a bad request). Nothing is sent and no event is recorded.
 * The body (`{notification?, event?}`) may be empty.
 */
export const POST = route(async (request: Request, ctx: TMappingCtx) => {
  const actor = await requireApiAdmin(request);
  const uuid = await mappingUuid(ctx);
  const body = await readOptionalJson(request, {});
  return json(await tryMapping(await getDb(), actor, uuid, parseWith(ZMappingTest, body)));
});
