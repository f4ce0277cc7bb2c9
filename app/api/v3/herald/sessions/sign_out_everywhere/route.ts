import { getDb } from "@/db/client";
import { noContent, route } from "@/lib/api/http";
import { requireApiActor } from "@/lib/auth/current";
import { httpRequestContext } from "@/lib/auth/http-context";
import { signOutEverywhere } from "@/lib/auth/sign-out";

export const dynamic = "force-dynamic";

/**
 * Herald's own endpoint (authentik has none like it, hence the `herald` app in the path): ends
 * every browser session of the caller's user. With a session cookie it ends that one too; API
 * tokens keep working (revoke them under core/tokens/).
 */
export const POST = route(async (request) => {
  const actor = await requireApiActor(request);
  await signOutEverywhere(await getDb(), actor, httpRequestContext(request.url, request.method, request.headers));
  return noContent();
});
