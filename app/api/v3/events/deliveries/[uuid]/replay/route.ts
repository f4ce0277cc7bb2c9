import { getDb } from "@/db/client";
import { json, route } from "@/lib/api/http";
import { type TParamsContext, uuidParam } from "@/lib/api/params";
import { requireApiAdmin } from "@/lib/auth/current";
import { deliveryTrace } from "@/lib/deliveries/queries";
import { replayDeliveries } from "@/lib/dispatch/dispatcher";
import { requireDispatcher } from "@/lib/dispatch/require";
import { AppError } from "@/lib/errors";

export const dynamic = "force-dynamic";

/** A dead delivery gets a fresh set of attempts; anything else is a 400 naming its status. */
export const POST = route(async (request: Request, ctx: TParamsContext<"uuid">) => {
  await requireApiAdmin(request);
  const db = await getDb();
  const uuid = await uuidParam(ctx, "uuid", "No Delivery matches the given query.");
  const before = await deliveryTrace(db, uuid);
  const replayed = await replayDeliveries(db, requireDispatcher(), [uuid]);
  if (replayed.length === 0)
    throw AppError.field("status", `Only dead deliveries can be replayed; this one is ${before.status}.`);
  return json({ replayed: replayed.length });
});
