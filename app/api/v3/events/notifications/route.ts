import { getDb } from "@/db/client";
import { json, parseQuery, route } from "@/lib/api/http";
import { requireApiActor } from "@/lib/auth/current";
import { listNotifications } from "@/lib/notifications/queries";
import { ZNotificationListQuery } from "@/lib/notifications/validation";

export const dynamic = "force-dynamic";

/** The caller's own notifications (administrators included: nobody lists anyone else's). */
export const GET = route(async (request: Request) => {
  const actor = await requireApiActor(request);
  return json(await listNotifications(await getDb(), actor.userId, parseQuery(request, ZNotificationListQuery)));
});
