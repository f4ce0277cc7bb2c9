import { getDb } from "@/db/client";
import { json, parseBody, route } from "@/lib/api/http";
import { requireApiAdmin } from "@/lib/auth/current";
import { createServiceAccount } from "@/lib/tokens/create-service-account";
import { ZServiceAccountCreate } from "@/lib/tokens/validation";

export const dynamic = "force-dynamic";

/**
 * authentik's "create service account": a user that cannot sign in, with its token (key shown in
 * this response only) and, on request, a group of the same name. Answered 200 as authentik does.
 */
export const POST = route(async (request) => {
  const actor = await requireApiAdmin(request);
  return json(await createServiceAccount(await getDb(), actor, await parseBody(request, ZServiceAccountCreate)));
});
