import { getDb } from "@/db/client";
import { json, parseQuery, route } from "@/lib/api/http";
import { requireApiAdmin } from "@/lib/auth/current";
import { listPolicies } from "@/lib/policies/queries";
import { ZPolicyListQuery } from "@/lib/policies/validation";

export const dynamic = "force-dynamic";

/** Every policy, each in its own kind's shape (authentik resolves the subclass serializer too). */
export const GET = route(async (request: Request) => {
  await requireApiAdmin(request);
  return json(await listPolicies(await getDb(), undefined, parseQuery(request, ZPolicyListQuery)));
});
