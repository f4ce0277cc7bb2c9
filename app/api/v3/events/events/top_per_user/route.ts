import { getDb } from "@/db/client";
import { json, parseQuery, route } from "@/lib/api/http";
import { requireApiAdmin } from "@/lib/auth/current";
import { topPerUser } from "@/lib/events/queries";
import { ZTopPerUserQuery } from "@/lib/events/validation";

export const dynamic = "force-dynamic";

export const GET = route(async (request) => {
  await requireApiAdmin(request);
  const query = parseQuery(request, ZTopPerUserQuery);
  return json(await topPerUser(await getDb(), query.action, query.top_n));
});
