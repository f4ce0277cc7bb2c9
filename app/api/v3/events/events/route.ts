import { getDb } from "@/db/client";
import { json, parseBody, parseQuery, route } from "@/lib/api/http";
import { requireApiAdmin } from "@/lib/auth/current";
import { ingestEvent } from "@/lib/events/ingest";
import { listEvents } from "@/lib/events/queries";
import { serializeEvent } from "@/lib/events/serialize";
import { EVENT_FILTER_ARRAY_KEYS, ZEventListQuery, ZEventRequest } from "@/lib/events/validation";

export const dynamic = "force-dynamic";

export const GET = route(async (request) => {
  await requireApiAdmin(request);
  return json(await listEvents(await getDb(), parseQuery(request, ZEventListQuery, EVENT_FILTER_ARRAY_KEYS)));
});

/** 201 for a new event; 200 with the stored event when the client-chosen pk already exists. */
export const POST = route(async (request) => {
  await requireApiAdmin(request);
  const { event, created } = await ingestEvent(await getDb(), await parseBody(request, ZEventRequest));
  return json(serializeEvent(event), created ? 201 : 200);
});
