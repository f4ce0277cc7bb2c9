import { getDb } from "@/db/client";
import { json, parseBody, parseQuery, route } from "@/lib/api/http";
import { requireApiAdmin } from "@/lib/auth/current";
import { createGroup } from "@/lib/groups/mutations";
import { getSerializedGroup, listGroups } from "@/lib/groups/queries";
import { GROUP_LIST_ARRAY_KEYS, ZGroupCreate, ZGroupListQuery } from "@/lib/groups/validation";

export const dynamic = "force-dynamic";

export const GET = route(async (request) => {
  await requireApiAdmin(request);
  return json(await listGroups(await getDb(), parseQuery(request, ZGroupListQuery, GROUP_LIST_ARRAY_KEYS)));
});

export const POST = route(async (request) => {
  const actor = await requireApiAdmin(request);
  const db = await getDb();
  const group = await createGroup(db, actor, await parseBody(request, ZGroupCreate));
  return json(await getSerializedGroup(db, group.uuid), 201);
});
