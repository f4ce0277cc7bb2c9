import { getDb } from "@/db/client";
import { json, parseQuery, route } from "@/lib/api/http";
import { requireApiAdmin } from "@/lib/auth/current";
import { eventVolume } from "@/lib/events/queries";
import { EVENT_FILTER_ARRAY_KEYS, ZVolumeQuery } from "@/lib/events/validation";

export const dynamic = "force-dynamic";

export const GET = route(async (request) => {
  await requireApiAdmin(request);
  return json(await eventVolume(await getDb(), parseQuery(request, ZVolumeQuery, EVENT_FILTER_ARRAY_KEYS)));
});
