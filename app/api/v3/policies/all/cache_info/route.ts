import { json, route } from "@/lib/api/http";
import { requireApiAdmin } from "@/lib/auth/current";

export const dynamic = "force-dynamic";

/** Herald caches no policy results (rules are evaluated per event), so the count is always 0. */
export const GET = route(async (request: Request) => {
  await requireApiAdmin(request);
  return json({ count: 0 });
});
