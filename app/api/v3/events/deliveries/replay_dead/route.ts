import { getDb } from "@/db/client";
import { json, parseWith, readOptionalJson, route } from "@/lib/api/http";
import { requireApiAdmin } from "@/lib/auth/current";
import { deadDeliveryIds } from "@/lib/deliveries/queries";
import { ZReplayDeadBody } from "@/lib/deliveries/validation";
import { replayDeliveries } from "@/lib/dispatch/dispatcher";
import { requireDispatcher } from "@/lib/dispatch/require";

export const dynamic = "force-dynamic";

/** Replays every dead delivery (optionally of one transport or rule). Body may be empty. */
export const POST = route(async (request: Request) => {
  await requireApiAdmin(request);
  const filters = parseWith(ZReplayDeadBody, await readOptionalJson(request, {}));
  const db = await getDb();
  const replayed = await replayDeliveries(db, requireDispatcher(), await deadDeliveryIds(db, filters));
  return json({ replayed: replayed.length });
});
