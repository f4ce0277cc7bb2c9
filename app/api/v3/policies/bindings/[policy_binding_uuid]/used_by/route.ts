import { getDb } from "@/db/client";
import { json, route } from "@/lib/api/http";
import { type TParamsContext, uuidParam } from "@/lib/api/params";
import { requireApiAdmin } from "@/lib/auth/current";
import { findBinding } from "@/lib/policies/binding-queries";

export const dynamic = "force-dynamic";

/** Nothing references a binding, so deleting one affects no other object. */
export const GET = route(async (request: Request, ctx: TParamsContext<"policy_binding_uuid">) => {
  await requireApiAdmin(request);
  await findBinding(
    await getDb(),
    await uuidParam(ctx, "policy_binding_uuid", "No PolicyBinding matches the given query."),
  );
  return json([]);
});
