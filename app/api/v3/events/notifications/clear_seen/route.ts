import { getDb } from "@/db/client";
import { noContent, route } from "@/lib/api/http";
import { requireApiActor } from "@/lib/auth/current";
import { clearSeen } from "@/lib/notifications/mutations";

export const dynamic = "force-dynamic";

/** Herald's: deletes the caller's read notifications. */
export const POST = route(async (request: Request) => {
  const actor = await requireApiActor(request);
  await clearSeen(await getDb(), actor.userId);
  return noContent();
});
