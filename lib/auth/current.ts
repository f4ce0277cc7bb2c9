import "server-only";
import { headers } from "next/headers";
import { getDb } from "@/db/client";
import type { TTokenScope, TUserType } from "@/db/schema";
import type { TActor } from "@/lib/actor";
import { AppError } from "@/lib/errors";
import { logger } from "@/lib/logger";
import { authenticateTokenKey } from "@/lib/tokens/authenticate-token";
import { isEffectiveSuperuser } from "@/lib/users/queries";
import { clientIpFromHeaders, publicOriginFromHeaders } from "./http-context";
import { currentSessionClaims } from "./next-auth";
import { isSameOriginRequest } from "./public-origin";
import { findSessionUser } from "./sessions";
import { requiredScope, SERVICE_ACCOUNT_GRANTED_SCOPES, type TScopeDecision, tokenHoldsScope } from "./token-scopes";

/** The actor plus what only the authorization checks need to know about a token caller. */
type TResolved = { actor: TActor; token?: { scopes: TTokenScope[]; ownerType: TUserType } };

/**
 * Resolves who is asking. A Bearer token wins over the session cookie. The user row (and, for a
 * session, whether it was signed out or ended by a new epoch) is re-read on every request, so
 * sign-out, a new password, deactivation or a revoked token take effect at once on every instance.
 */
async function resolveActor(requestHeaders: Headers): Promise<TResolved | null> {
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
      actor: {
        via: "token",
        userId: result.user.id,
        username: result.user.username,
        email: result.user.email,
        isSuperuser: result.isSuperuser,
        clientIp,
        tokenIdentifier: result.token.identifier,
      },
      token: { scopes: result.token.scopes, ownerType: result.user.type },
    };
  }
  const claims = await currentSessionClaims();
  if (!claims) return null;
  const user = await findSessionUser(db, claims);
  if (!user) return null;
  return {
    actor: {
      via: "session",
      userId: user.id,
      username: user.username,
      email: user.email,
      isSuperuser: await isEffectiveSuperuser(db, user),
      clientIp,
    },
  };
}

function missingScope(decision: TScopeDecision, what: string): AppError {
  return new AppError("forbidden", `This token lacks the '${decision}' scope, which ${what} requires.`);
}

/**
 * For pages and server actions. They are Herald's own UI, not the API, so a token caller needs the
 * `admin` scope here.
 */
export async function currentActor(): Promise<TActor | null> {
  const resolved = await resolveActor(await headers());
  if (resolved?.token && !tokenHoldsScope(resolved.token.scopes, "admin")) throw missingScope("admin", "this page");
  return resolved?.actor ?? null;
}

/**
 * The scope check of a token caller, from the one map in ./token-scopes (session callers have no
 * scopes: they act with their user's rights). Answers whether the token's scope is itself the
 * right to the route (a service account's ingest or read token), so the admin check can honour it.
 */
function checkTokenScope(request: Request, resolved: TResolved): { grantsRoute: boolean } {
  if (!resolved.token) return { grantsRoute: false };
  const { decision, route } = requiredScope(request.method, new URL(request.url).pathname);
  if (!tokenHoldsScope(resolved.token.scopes, decision)) {
    throw missingScope(decision, `${request.method.toUpperCase()} ${route}`);
  }
  const grantsRoute =
    resolved.token.ownerType === "service_account" &&
    decision !== "any" &&
    SERVICE_ACCOUNT_GRANTED_SCOPES.has(decision);
  return { grantsRoute };
}

async function authorizeApiRequest(request: Request): Promise<{ actor: TActor; grantsRoute: boolean }> {
  const resolved = await resolveActor(request.headers);
  if (!resolved) throw new AppError("unauthenticated", "Authentication credentials were not provided.");
  if (resolved.actor.via === "session") assertSameOrigin(request);
  return { actor: resolved.actor, ...checkTokenScope(request, resolved) };
}

/**
 * For route handlers: 401 when nobody is signed in. A browser sends the session cookie with
 * requests that other sites make it send, so a cookie-authenticated request that changes anything
 * must come from Herald's own pages (403 otherwise); Bearer tokens are never sent that way.
 */
export async function requireApiActor(request: Request): Promise<TActor> {
  return (await authorizeApiRequest(request)).actor;
}

function assertSameOrigin(request: Request): void {
  if (isSameOriginRequest(request.method, request.headers, publicOriginFromHeaders(request.headers))) return;
  logger.warn(
    { method: request.method, origin: request.headers.get("origin"), site: request.headers.get("sec-fetch-site") },
    "cross-origin request with a session cookie refused",
  );
  throw new AppError("csrf_failed", "CSRF check failed: cross-origin requests cannot use the session cookie.");
}

/**
 * For admin route handlers: 401 anonymous, 403 non-admin. A service account's token whose scope is
 * the route's own (`events:write` on ingest, `events:read` on the log) passes without the account
 * being a superuser: that scope is the right an administrator gave it.
 */
export async function requireApiAdmin(request: Request): Promise<TActor> {
  const { actor, grantsRoute } = await authorizeApiRequest(request);
  if (!actor.isSuperuser && !grantsRoute) {
    throw new AppError("forbidden", "You do not have permission to perform this action.");
  }
  return actor;
}
