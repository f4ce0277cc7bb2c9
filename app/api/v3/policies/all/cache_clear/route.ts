import { noContent, route } from "@/lib/api/http";
import { requireApiAdmin } from "@/lib/auth/current";

export const dynamic = "force-dynamic";

/** Nothing is cached (see cache_info); accepted for authentik API compatibility. */
export const POST = route(async (request: Request) => {
  await requireApiAdmin(request);
  return noContent();
});
