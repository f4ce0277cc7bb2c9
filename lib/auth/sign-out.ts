import "server-only";
import type { DbOrTx } from "@/db/client";
import { actorSnapshot, type TActor } from "@/lib/actor";
import { createEvent } from "@/lib/events/create-event";
import type { THttpRequestContext } from "./sign-in";

/** authentik records `logout` with the request that ended the session. */
export async function recordLogout(db: DbOrTx, actor: TActor, httpRequest: THttpRequestContext): Promise<void> {
  await createEvent(db, {
    action: "logout",
    app: "herald.auth",
    user: actorSnapshot(actor),
    clientIp: actor.clientIp,
    context: { http_request: httpRequest },
  });
}
