import { getDb } from "@/db/client";
import { json, parseQuery, route } from "@/lib/api/http";
import { requireApiAdmin } from "@/lib/auth/current";
import { eventMapClusters } from "@/lib/events/map";
import { EVENT_FILTER_ARRAY_KEYS, ZMapQuery } from "@/lib/events/validation";

export const dynamic = "force-dynamic";

/** Herald extension: clusters of every geolocated event matching the list filters. */
export const GET = route(async (request) => {
  await requireApiAdmin(request);
  return json(await eventMapClusters(await getDb(), parseQuery(request, ZMapQuery, EVENT_FILTER_ARRAY_KEYS)));
});
