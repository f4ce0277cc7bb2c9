import { getDb } from "@/db/client";
import { noContent, parseBody, route } from "@/lib/api/http";
import { type TParamsContext, uuidParam } from "@/lib/api/params";
import { requireApiAdmin } from "@/lib/auth/current";
import { addGroupMember } from "@/lib/groups/mutations";
import { GROUP_NOT_FOUND } from "@/lib/groups/queries";
import { ZGroupMember } from "@/lib/groups/validation";

export const dynamic = "force-dynamic";

export const POST = route(async (request, ctx: TParamsContext<"group_uuid">) => {
  const actor = await requireApiAdmin(request);
  const uuid = await uuidParam(ctx, "group_uuid", GROUP_NOT_FOUND);
  const { pk } = await parseBody(request, ZGroupMember);
  await addGroupMember(await getDb(), actor, uuid, pk);
  return noContent();
});
