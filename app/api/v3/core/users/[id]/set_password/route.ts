import { getDb } from "@/db/client";
import { noContent, parseBody, route } from "@/lib/api/http";
import { intParam, type TParamsContext } from "@/lib/api/params";
import { requireApiAdmin } from "@/lib/auth/current";
import { setUserPassword } from "@/lib/users/mutations";
import { ZSetPassword } from "@/lib/users/validation";

export const dynamic = "force-dynamic";

export const POST = route(async (request, ctx: TParamsContext<"id">) => {
  const actor = await requireApiAdmin(request);
  const id = await intParam(ctx, "id", "No User matches the given query.");
  const { password } = await parseBody(request, ZSetPassword);
  await setUserPassword(await getDb(), actor, id, password);
  return noContent();
});
