import { getDb } from "@/db/client";
import { route } from "@/lib/api/http";
import { type TParamsContext, textParam } from "@/lib/api/params";
import { requireApiActor } from "@/lib/auth/current";
import { AppError } from "@/lib/errors";
import { getSerializedToken, TOKEN_NOT_FOUND } from "@/lib/tokens/queries";

export const dynamic = "force-dynamic";

/** authentik returns the stored key; Herald stores only its hash, so the key cannot be shown again. */
export const GET = route(async (request, ctx: TParamsContext<"identifier">) => {
  const actor = await requireApiActor(request);
  await getSerializedToken(await getDb(), actor, await textParam(ctx, "identifier", TOKEN_NOT_FOUND)); // 404 when not visible
  throw new AppError(
    "forbidden",
    "Herald stores only a hash of each token key; the key was shown once, when the token was created. Create a new token if it is lost.",
  );
});
