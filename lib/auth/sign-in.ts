import "server-only";
import { eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { type TUser, users } from "@/db/schema";
import { verifyPassword } from "@/lib/credentials/password";
import { env } from "@/lib/env";
import { createEvent, userSnapshot } from "@/lib/events/create-event";
import { isServiceAccount } from "@/lib/users/mutations";
import { findUserByUsername } from "@/lib/users/queries";
import {
  clearAttempts,
  reserveAttempt,
  secondsUntil,
  type TAttemptReservation,
  throttleKey,
  usernameThrottleKey,
} from "./login-throttle";

export type THttpRequestContext = { path: string; method: string; args: Record<string, unknown>; user_agent: string };

export type TSignInResult =
  | { ok: true; user: TUser }
  | { ok: false; reason: "invalid" | "rate_limited"; retryAfterSeconds?: number };

/** The password check, replaceable so tests can count how many checks ran. */
export type TSignInDeps = { verifyPassword: typeof verifyPassword };

/**
 * Checks a username/password pair. Each attempt first reserves a slot per username+IP and per
 * username (lib/auth/login-throttle), atomically, so at most HERALD_LOGIN_MAX_FAILURES password
 * checks run per pair per window however many requests arrive at once, and none while locked out.
 * Failures are recorded as `login_failed`; success records `login` and clears both counters. The
 * same answer is given for unknown users, wrong passwords and inactive accounts so accounts cannot
 * be enumerated.
 */
export async function signInWithPassword(
  db: Db,
  input: { username: string; password: string; clientIp: string | null; httpRequest: THttpRequestContext },
  deps: TSignInDeps = { verifyPassword },
): Promise<TSignInResult> {
  const lockoutSeconds = env().HERALD_LOGIN_LOCKOUT_SECONDS;
  const perUser = env().HERALD_LOGIN_MAX_FAILURES_PER_USER;
  const keys = [throttleKey(input.username, input.clientIp)];
  const reservations: TAttemptReservation[] = [
    await reserveAttempt(db, keys[0], { maxAttempts: env().HERALD_LOGIN_MAX_FAILURES, lockoutSeconds }),
  ];
  if (reservations[0].allowed && perUser > 0) {
    keys.push(usernameThrottleKey(input.username));
    reservations.push(await reserveAttempt(db, keys[1], { maxAttempts: perUser, lockoutSeconds }));
  }
  for (const reservation of reservations) {
    if (!reservation.allowed) {
      return { ok: false, reason: "rate_limited", retryAfterSeconds: reservation.retryAfterSeconds };
    }
  }

  const user = await findUserByUsername(db, input.username);
  // A service account never signs in, whatever password it was given; its check still runs, so
  // the answer takes as long as for anyone else.
  const valid = (await deps.verifyPassword(input.password, user?.passwordHash)) && !(user && isServiceAccount(user));
  if (!user || !valid || !user.isActive) {
    await createEvent(db, {
      action: "login_failed",
      app: "herald.auth",
      clientIp: input.clientIp,
      user: user ? userSnapshot(user) : {},
      context: {
        username: input.username,
        password: input.password,
        method: "password",
        reason: !user
          ? "unknown_user"
          : isServiceAccount(user)
            ? "service_account"
            : !valid
              ? "wrong_password"
              : "inactive",
        http_request: input.httpRequest,
      },
    });
    // This attempt used the last slot: say so now rather than on the next try.
    const lockedUntil = reservations.map((r) => (r.allowed ? r.lockedUntil : null)).find(Boolean);
    return lockedUntil
      ? { ok: false, reason: "rate_limited", retryAfterSeconds: secondsUntil(lockedUntil) }
      : { ok: false, reason: "invalid" };
  }

  await clearAttempts(db, keys);
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
