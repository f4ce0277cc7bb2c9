import "server-only";
import { eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { type TUser, users } from "@/db/schema";
import { verifyPassword } from "@/lib/credentials/password";
import { env } from "@/lib/env";
import { createEvent, userSnapshot } from "@/lib/events/create-event";
import { findUserByUsername } from "@/lib/users/queries";
import { clearFailures, lockedForSeconds, recordFailure, throttleKey } from "./login-throttle";

export type THttpRequestContext = { path: string; method: string; args: Record<string, unknown>; user_agent: string };

export type TSignInResult =
  | { ok: true; user: TUser }
  | { ok: false; reason: "invalid" | "rate_limited"; retryAfterSeconds?: number };

/**
 * Checks a username/password pair. Failures are rate-limited per username+IP and recorded as
 * `login_failed`; success records `login`. The same answer is given for unknown users, wrong
 * passwords and inactive accounts so accounts cannot be enumerated.
 */
export async function signInWithPassword(
  db: Db,
  input: { username: string; password: string; clientIp: string | null; httpRequest: THttpRequestContext },
): Promise<TSignInResult> {
  const key = throttleKey(input.username, input.clientIp);
  const locked = await lockedForSeconds(db, key);
  if (locked > 0) return { ok: false, reason: "rate_limited", retryAfterSeconds: locked };

  const user = await findUserByUsername(db, input.username);
  const valid = await verifyPassword(input.password, user?.passwordHash);
  if (!user || !valid || !user.isActive) {
    const lockout = await recordFailure(db, key, {
      maxFailures: env().HERALD_LOGIN_MAX_FAILURES,
      lockoutSeconds: env().HERALD_LOGIN_LOCKOUT_SECONDS,
    });
    await createEvent(db, {
      action: "login_failed",
      app: "herald.auth",
      clientIp: input.clientIp,
      user: user ? userSnapshot(user) : {},
      context: {
        username: input.username,
        password: input.password,
        reason: !user ? "unknown_user" : !valid ? "wrong_password" : "inactive",
        http_request: input.httpRequest,
      },
    });
    return lockout > 0
      ? { ok: false, reason: "rate_limited", retryAfterSeconds: lockout }
      : { ok: false, reason: "invalid" };
  }

  await clearFailures(db, key);
  await db.transaction(async (tx) => {
    await tx.update(users).set({ lastLogin: new Date() }).where(eq(users.id, user.id));
    await createEvent(tx, {
      action: "login",
      app: "herald.auth",
      clientIp: input.clientIp,
      user: userSnapshot(user),
      context: { method: "password", http_request: input.httpRequest },
    });
  });
  return { ok: true, user };
}
