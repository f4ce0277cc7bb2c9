import { getDb } from "@/db/client";
import { json, route } from "@/lib/api/http";
import { requireApiAdmin } from "@/lib/auth/current";
import { AppError } from "@/lib/errors";
import { tryTransport } from "@/lib/transports/try-transport";
import { findUserById } from "@/lib/users/queries";
import { type TTransportCtx, transportUuid } from "../../_params";

export const dynamic = "force-dynamic";

/** 200 {messages} when delivered; 502 {detail, messages} when the far end failed (not a Herald error). */
export const POST = route(async (request: Request, ctx: TTransportCtx) => {
  const actor = await requireApiAdmin(request);
  const db = await getDb();
  const requester = await findUserById(db, actor.userId);
  if (!requester) throw new AppError("unauthenticated", "The account behind these credentials no longer exists.");
  const result = await tryTransport(db, actor, requester, await transportUuid(ctx));
  if (result.ok) return json({ messages: result.messages.map(String) });
  const error = result.outcome.status === "failed" ? result.outcome.error : "Delivery failed.";
  return json({ detail: error, messages: result.messages.map(String) }, 502);
});
