import { getDb } from "@/db/client";
import { json, route } from "@/lib/api/http";
import { type TParamsContext, uuidParam } from "@/lib/api/params";
import { requireApiAdmin } from "@/lib/auth/current";
import { deliveryTrace } from "@/lib/deliveries/queries";

export const dynamic = "force-dynamic";

export const GET = route(async (request: Request, ctx: TParamsContext<"uuid">) => {
  await requireApiAdmin(request);
  return json(await deliveryTrace(await getDb(), await uuidParam(ctx, "uuid", "No Delivery matches the given query.")));
});
