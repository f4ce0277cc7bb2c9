import { getDb } from "@/db/client";
import { json, methodNotAllowed, route } from "@/lib/api/http";
import { type TParamsContext, uuidParam } from "@/lib/api/params";
import { requireApiAdmin } from "@/lib/auth/current";
import { EVENT_NOT_FOUND, findEvent } from "@/lib/events/queries";
import { serializeEvent } from "@/lib/events/serialize";

export const dynamic = "force-dynamic";

export const GET = route(async (request, ctx: TParamsContext<"event_uuid">) => {
  await requireApiAdmin(request);
  return json(serializeEvent(await findEvent(await getDb(), await uuidParam(ctx, "event_uuid", EVENT_NOT_FOUND))));
});

/** The audit log is append-only (authentik lets privileged users edit and delete events; Herald does not). */
const appendOnly = methodNotAllowed(
  "Events are an append-only audit log: they cannot be changed or deleted. Expired events are removed by the retention setting.",
);
export const PUT = appendOnly;
export const PATCH = appendOnly;
export const DELETE = appendOnly;
