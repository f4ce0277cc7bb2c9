import { getDb } from "@/db/client";
import { json, parseBody, parseQuery, route } from "@/lib/api/http";
import { requireApiAdmin } from "@/lib/auth/current";
import { createBinding } from "@/lib/policies/binding-mutations";
import { getSerializedBinding, listBindings } from "@/lib/policies/binding-queries";
import { ZBindingCreate, ZBindingListQuery } from "@/lib/policies/validation";

export const dynamic = "force-dynamic";

export const GET = route(async (request: Request) => {
  await requireApiAdmin(request);
  return json(await listBindings(await getDb(), parseQuery(request, ZBindingListQuery, ["target_in"])));
});

export const POST = route(async (request: Request) => {
  const actor = await requireApiAdmin(request);
  const db = await getDb();
  const binding = await createBinding(db, actor, await parseBody(request, ZBindingCreate));
  return json(await getSerializedBinding(db, binding.policyBindingUuid), 201);
});
