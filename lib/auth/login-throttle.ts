import "server-only";
import { eq, sql } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { loginAttempts } from "@/db/schema";

export type TThrottleConfig = { maxFailures: number; lockoutSeconds: number };

export function throttleKey(username: string, ip: string | null): string {
  return `${username.trim().toLowerCase()}|${ip ?? "unknown"}`;
}

/** Seconds until the (username, IP) pair may try again, or 0 when it may try now. */
export async function lockedForSeconds(db: DbOrTx, key: string): Promise<number> {
  const [row] = await db.select().from(loginAttempts).where(eq(loginAttempts.key, key));
  if (!row?.lockedUntil) return 0;
  const remaining = Math.ceil((row.lockedUntil.getTime() - Date.now()) / 1000);
  return Math.max(remaining, 0);
}

/** Counts a failure within a sliding window; locks the pair once the limit is reached. */
export async function recordFailure(db: DbOrTx, key: string, config: TThrottleConfig): Promise<number> {
  const window = `${config.lockoutSeconds} seconds`;
  const [row] = await db
    .insert(loginAttempts)
    .values({ key, failures: 1, windowStart: new Date() })
    .onConflictDoUpdate({
      target: loginAttempts.key,
      set: {
        failures: sql`case when ${loginAttempts.windowStart} < now() - ${window}::interval then 1 else ${loginAttempts.failures} + 1 end`,
        windowStart: sql`case when ${loginAttempts.windowStart} < now() - ${window}::interval then now() else ${loginAttempts.windowStart} end`,
        lockedUntil: sql`null`,
      },
    })
    .returning();
  if (row.failures >= config.maxFailures) {
    await db
      .update(loginAttempts)
      .set({ lockedUntil: new Date(Date.now() + config.lockoutSeconds * 1000), failures: 0, windowStart: new Date() })
      .where(eq(loginAttempts.key, key));
    return config.lockoutSeconds;
  }
  return 0;
}

export async function clearFailures(db: DbOrTx, key: string): Promise<void> {
  await db.delete(loginAttempts).where(eq(loginAttempts.key, key));
}
