import { getDb } from "@/db/client";
import { json, route } from "@/lib/api/http";
import { requireApiActor } from "@/lib/auth/current";
import { unseenCount } from "@/lib/notifications/queries";

export const dynamic = "force-dynamic";

/** Herald's: the caller's unread count, from the partial index on unread rows. */
export const GET = route(async (request: Request) => {
  const actor = await requireApiActor(request);
  return json({ count: await unseenCount(await getDb(), actor.userId) });
});
