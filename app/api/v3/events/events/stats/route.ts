import { getDb } from "@/db/client";
import { json, parseQuery, route } from "@/lib/api/http";
import { requireApiAdmin } from "@/lib/auth/current";
import { EVENT_STATS_ARRAY_KEYS, eventStats, ZEventStatsQuery } from "@/lib/events/event-stats";

export const dynamic = "force-dynamic";

/** authentik's event stats: unique users and a count per `count_steps` duration, under the list filters. */
export const GET = route(async (request) => {
  await requireApiAdmin(request);
  return json(await eventStats(await getDb(), parseQuery(request, ZEventStatsQuery, EVENT_STATS_ARRAY_KEYS)));
});
