import "server-only";
import type { Db, DbOrTx } from "@/db/client";
import { actorSnapshot, type TActor } from "@/lib/actor";
import { createEvent } from "@/lib/events/create-event";
import { endAllSessions } from "./sessions";
import type { THttpRequestContext } from "./sign-in";

/** authentik records `logout` with the request that ended the session. */
export async function recordLogout(
  db: DbOrTx,
  actor: TActor,
  httpRequest: THttpRequestContext,
  method?: string,
): Promise<void> {
  await createEvent(db, {
    action: "logout",
    app: "herald.auth",
    user: actorSnapshot(actor),
    clientIp: actor.clientIp,
    context: { ...(method && { method }), http_request: httpRequest },
  });
}

/**
 * "Sign out everywhere": ends every session of the actor's user, the one asking included, and
 * records one `logout` marked `all_sessions`. API tokens are not sessions and keep working.
 */
export async function signOutEverywhere(db: Db, actor: TActor, httpRequest: THttpRequestContext): Promise<void> {
  await db.transaction(async (tx) => {
    await endAllSessions(tx, actor.userId);
    await createEvent(tx, {
      action: "logout",
      app: "herald.auth",
      user: actorSnapshot(actor),
      clientIp: actor.clientIp,
      context: { all_sessions: true, http_request: httpRequest },
    });
  });
}
