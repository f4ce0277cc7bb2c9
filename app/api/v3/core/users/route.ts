import { getDb } from "@/db/client";
import { json, parseBody, parseQuery, route } from "@/lib/api/http";
import { requireApiAdmin } from "@/lib/auth/current";
import { createUser } from "@/lib/users/mutations";
import { getSerializedUser, listUsers } from "@/lib/users/queries";
import { USER_LIST_ARRAY_KEYS, ZUserCreate, ZUserListQuery } from "@/lib/users/validation";

export const dynamic = "force-dynamic";

export const GET = route(async (request) => {
  await requireApiAdmin(request);
  return json(await listUsers(await getDb(), parseQuery(request, ZUserListQuery, USER_LIST_ARRAY_KEYS)));
});

export const POST = route(async (request) => {
  const actor = await requireApiAdmin(request);
  const db = await getDb();
  const user = await createUser(db, actor, await parseBody(request, ZUserCreate));
  return json(await getSerializedUser(db, user.id), 201);
});
