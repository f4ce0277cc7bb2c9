import { z } from "zod";
import { getDb } from "@/db/client";
import { json, parseQuery, readText, requireMediaType, route, zQueryBool } from "@/lib/api/http";
import { requireApiAdmin } from "@/lib/auth/current";
import { ingestBulk, isBulkMediaType, parseBulkBody } from "@/lib/events/ingest";
import { MAX_BULK_BODY_BYTES } from "@/lib/events/validation";

export const dynamic = "force-dynamic";

/** `dispatch`: true or false for every item; left out, imported items (with `created`) are stored only. */
const ZBulkQuery = z.object({ dispatch: zQueryBool.optional() }).strip();

/** Herald extension: up to 1,000 events (JSON array or NDJSON) in one transaction, results per item. */
export const POST = route(async (request) => {
  await requireApiAdmin(request);
  const { dispatch } = parseQuery(request, ZBulkQuery);
  requireMediaType(request, isBulkMediaType);
  const text = await readText(request, MAX_BULK_BODY_BYTES);
  const items = parseBulkBody(text, request.headers.get("content-type") ?? "");
  return json(await ingestBulk(await getDb(), items, { dispatch }));
});
