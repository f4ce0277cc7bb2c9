import { json, route } from "@/lib/api/http";
import { requireApiActor } from "@/lib/auth/current";
import { actionLabel, EVENT_ACTIONS } from "@/lib/events/action-catalogue";

export const dynamic = "force-dynamic";

/** authentik's TypeCreate list: one entry per built-in action. */
export const GET = route(async (request) => {
  await requireApiActor(request);
  return json(
    EVENT_ACTIONS.map((action) => ({ name: actionLabel(action), description: "", component: action, model_name: "" })),
  );
});
