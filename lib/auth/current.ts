import "server-only";
import { headers } from "next/headers";
import { getDb } from "@/db/client";
import type { TActor } from "@/lib/actor";
import { AppError } from "@/lib/errors";
import { logger } from "@/lib/logger";
import { authenticateTokenKey } from "@/lib/tokens/authenticate-token";
import { findUserById, isEffectiveSuperuser } from "@/lib/users/queries";
import { clientIpFromHeaders } from "./http-context";
import { auth } from "./next-auth";

/**
 * Resolves who is asking. A Bearer token wins over the session cookie. The user row is re-read on
 * every request, so deactivating an account or revoking a token takes effect immediately.
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
  const session = await auth();
  const id = Number(session?.user?.id);
  if (!Number.isInteger(id)) return null;
  const user = await findUserById(db, id);
  if (!user?.isActive) return null;
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

/** For route handlers: 401 when nobody is signed in. */
export async function requireApiActor(request: Request): Promise<TActor> {
  const actor = await resolveActor(request.headers);
  if (!actor) throw new AppError("unauthenticated", "Authentication credentials were not provided.");
  return actor;
}

/** For admin route handlers: 401 anonymous, 403 non-admin. */
export async function requireApiAdmin(request: Request): Promise<TActor> {
  const actor = await requireApiActor(request);
  if (!actor.isSuperuser) throw new AppError("forbidden", "You do not have permission to perform this action.");
  return actor;
}
