import { getDb } from "@/db/client";
import { json, parseQuery, route } from "@/lib/api/http";
import { requireApiAdmin } from "@/lib/auth/current";
import { listDeliveries } from "@/lib/deliveries/queries";
import { ZDeliveryListQuery } from "@/lib/deliveries/validation";

export const dynamic = "force-dynamic";

/** Herald extension: the delivery ledger, filterable by status, transport, rule and event. */
export const GET = route(async (request: Request) => {
  await requireApiAdmin(request);
  return json(await listDeliveries(await getDb(), parseQuery(request, ZDeliveryListQuery)));
});
