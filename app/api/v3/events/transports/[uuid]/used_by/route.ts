import { getDb } from "@/db/client";
import { json, route } from "@/lib/api/http";
import { requireApiAdmin } from "@/lib/auth/current";
import { transportUsedBy } from "@/lib/transports/queries";
import { type TTransportCtx, transportUuid } from "../../_params";

export const dynamic = "force-dynamic";

export const GET = route(async (request: Request, ctx: TTransportCtx) => {
  await requireApiAdmin(request);
  return json(await transportUsedBy(await getDb(), await transportUuid(ctx)));
});
