import { getDb } from "@/db/client";
import { json, parseBody, parseQuery, route } from "@/lib/api/http";
import { requireApiAdmin } from "@/lib/auth/current";
import { createMapping } from "@/lib/mappings/mutations";
import { listMappings } from "@/lib/mappings/queries";
import { serializeMapping } from "@/lib/mappings/serialize";
import { ZMappingCreate, ZMappingListQuery } from "@/lib/mappings/validation";

export const dynamic = "force-dynamic";

export const GET = route(async (request: Request) => {
  await requireApiAdmin(request);
  return json(await listMappings(await getDb(), parseQuery(request, ZMappingListQuery)));
});

export const POST = route(async (request: Request) => {
  const actor = await requireApiAdmin(request);
  const mapping = await createMapping(await getDb(), actor, await parseBody(request, ZMappingCreate));
  return json(serializeMapping(mapping), 201);
});
