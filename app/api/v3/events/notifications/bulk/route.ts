import { getDb } from "@/db/client";
import { json, parseBody, route } from "@/lib/api/http";
import { requireApiActor } from "@/lib/auth/current";
import { bulkChange } from "@/lib/notifications/mutations";
import { ZNotificationBulk } from "@/lib/notifications/validation";

export const dynamic = "force-dynamic";

/** Herald's: `{"uuids": [...], "seen": bool}` or `{"uuids": [...], "delete": true}` on the caller's own. */
export const POST = route(async (request: Request) => {
  const actor = await requireApiActor(request);
  const change = await parseBody(request, ZNotificationBulk);
  return json({ count: await bulkChange(await getDb(), actor.userId, change) });
});
