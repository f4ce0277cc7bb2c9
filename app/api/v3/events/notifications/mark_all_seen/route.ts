import { getDb } from "@/db/client";
import { noContent, route } from "@/lib/api/http";
import { requireApiActor } from "@/lib/auth/current";
import { markAllSeen } from "@/lib/notifications/mutations";

export const dynamic = "force-dynamic";

export const POST = route(async (request: Request) => {
  const actor = await requireApiActor(request);
  await markAllSeen(await getDb(), actor.userId);
  return noContent();
});
