import "server-only";
import { inArray, sql } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { loginAttempts } from "@/db/schema";

/** `maxAttempts` password checks per key per window; reaching it locks the key for `lockoutSeconds`. */
export type TThrottleConfig = { maxAttempts: number; lockoutSeconds: number };

export type TAttemptReservation =
  | { allowed: true; lockedUntil: Date | null }
  | { allowed: false; retryAfterSeconds: number };

/** Key of one (username, client IP) pair. */
export function throttleKey(username: string, ip: string | null): string {
  return `${username.trim().toLowerCase()}|${ip ?? "unknown"}`;
}

/** Key of a username across every client IP ("*" is never an address). */
export function usernameThrottleKey(username: string): string {
  return `${username.trim().toLowerCase()}|*`;
}

/**
 * Reserves one password check for `key` before the hash is checked, in one statement, so the
 * decision holds however many attempts run at once on however many Herald instances: the row lock
 * of the upsert orders them, and each sees the count left by the one before.
 *
 * Every reservation counts as a failure until a success clears the key; the reservation that
 * reaches the limit starts the lock-out, and later ones are refused (and still counted) until it
 * ends. A window or lock-out that has passed starts the count over.
 */
export async function reserveAttempt(db: DbOrTx, key: string, config: TThrottleConfig): Promise<TAttemptReservation> {
  const lockout = sql`(${config.lockoutSeconds}::int * interval '1 second')`;
  const lockedAtOne = config.maxAttempts <= 1 ? sql`now() + ${lockout}` : sql`null::timestamptz`;
  const current = loginAttempts;
  const startsOver = sql`(${current.lockedUntil} is not null and ${current.lockedUntil} <= now())
    or (${current.lockedUntil} is null and ${current.windowStart} <= now() - ${lockout})`;
  const [row] = await db
    .insert(loginAttempts)
    .values({ key, failures: 1, windowStart: sql`now()`, lockedUntil: lockedAtOne })
    .onConflictDoUpdate({
      target: loginAttempts.key,
      set: {
        failures: sql`case when ${startsOver} then 1 else ${current.failures} + 1 end`,
        windowStart: sql`case when ${startsOver} then now() else ${current.windowStart} end`,
        lockedUntil: sql`case
          when ${startsOver} then ${lockedAtOne}
          when ${current.lockedUntil} is not null then ${current.lockedUntil}
          when ${current.failures} + 1 >= ${config.maxAttempts}::int then now() + ${lockout}
          else null end`,
      },
    })
    .returning({
      failures: loginAttempts.failures,
      lockedUntil: loginAttempts.lockedUntil,
      retryAfterSeconds: sql<number>`greatest(ceil(extract(epoch from ${loginAttempts.lockedUntil} - now())), 1)::int`,
    });
  if (row.failures <= config.maxAttempts) return { allowed: true, lockedUntil: row.lockedUntil };
  return { allowed: false, retryAfterSeconds: Number(row.retryAfterSeconds) };
}

/** After a successful sign-in: forgets the keys' failures and any lock-out. */
export async function clearAttempts(db: DbOrTx, keys: string[]): Promise<void> {
  await db.delete(loginAttempts).where(inArray(loginAttempts.key, keys));
}

/** Seconds until `lockedUntil`, at least 1 (for Retry-After style messages). */
export function secondsUntil(lockedUntil: Date): number {
  return Math.max(Math.ceil((lockedUntil.getTime() - Date.now()) / 1000), 1);
}
