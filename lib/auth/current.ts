import "server-only";
import { headers } from "next/headers";
import { getDb } from "@/db/client";
import type { TActor } from "@/lib/actor";
import { AppError } from "@/lib/errors";
import { logger } from "@/lib/logger";
import { authenticateTokenKey } from "@/lib/tokens/authenticate-token";
import { isEffectiveSuperuser } from "@/lib/users/queries";
import { clientIpFromHeaders, publicOriginFromHeaders } from "./http-context";
import { currentSessionClaims } from "./next-auth";
import { isSameOriginRequest } from "./public-origin";
import { findSessionUser } from "./sessions";

/**
 * Resolves who is asking. A Bearer token wins over the session cookie. The user row (and, for a
 * session, whether it was signed out or ended by a new epoch) is re-read on every request, so
 * sign-out, a new password, deactivation or a revoked token take effect at once on every instance.
 */
async function resolveActor(requestHeaders: Headers): Promise<TActor | null> {
  const db = await getDb();
  const clientIp = clientIpFromHeaders(requestHeaders);
  const authorization = requestHeaders.get("authorization");
  if (authorization) {
    const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization);
    if (!match) throw new AppError("unauthenticated", "Invalid Authorization header; expected 'Bearer <token>'.");
    const result = await authenticateTokenKey(db, match[1]);
    if (!result.ok) {
      logger.info({ reason: result.reason, client_ip: clientIp }, "token authentication failed");
      const detail = result.reason === "expired" ? "Token has expired." : "Token invalid or revoked.";
      throw new AppError("unauthenticated", detail);
    }
    return {
      via: "token",
      userId: result.user.id,
      username: result.user.username,
      email: result.user.email,
      isSuperuser: result.isSuperuser,
      clientIp,
      tokenIdentifier: result.token.identifier,
    };
  }
  const claims = await currentSessionClaims();
  if (!claims) return null;
  const user = await findSessionUser(db, claims);
  if (!user) return null;
  return {
    via: "session",
    userId: user.id,
    username: user.username,
    email: user.email,
    isSuperuser: await isEffectiveSuperuser(db, user),
    clientIp,
  };
}

/** For pages and server actions. */
export async function currentActor(): Promise<TActor | null> {
  return resolveActor(await headers());
}

/**
 * For route handlers: 401 when nobody is signed in. A browser sends the session cookie with
 * requests that other sites make it send, so a cookie-authenticated request that changes anything
 * must come from Herald's own pages (403 otherwise); Bearer tokens are never sent that way.
 */
export async function requireApiActor(request: Request): Promise<TActor> {
  const actor = await resolveActor(request.headers);
  if (!actor) throw new AppError("unauthenticated", "Authentication credentials were not provided.");
  if (actor.via === "session") assertSameOrigin(request);
  return actor;
}

function assertSameOrigin(request: Request): void {
  if (isSameOriginRequest(request.method, request.headers, publicOriginFromHeaders(request.headers))) return;
  logger.warn(
    { method: request.method, origin: request.headers.get("origin"), site: request.headers.get("sec-fetch-site") },
    "cross-origin request with a session cookie refused",
  );
  throw new AppError("csrf_failed", "CSRF check failed: cross-origin requests cannot use the session cookie.");
}

/** For admin route handlers: 401 anonymous, 403 non-admin. */
export async function requireApiAdmin(request: Request): Promise<TActor> {
  const actor = await requireApiActor(request);
  if (!actor.isSuperuser) throw new AppError("forbidden", "You do not have permission to perform this action.");
  return actor;
}
