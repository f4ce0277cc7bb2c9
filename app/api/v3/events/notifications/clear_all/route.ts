import { getDb } from "@/db/client";
import { noContent, route } from "@/lib/api/http";
import { requireApiActor } from "@/lib/auth/current";
import { clearAll } from "@/lib/notifications/mutations";

export const dynamic = "force-dynamic";

/** Herald's: deletes every notification of the caller. */
export const POST = route(async (request: Request) => {
  const actor = await requireApiActor(request);
  await clearAll(await getDb(), actor.userId);
  return noContent();
});
