import { sql } from "drizzle-orm";
import { readMigrationFiles } from "drizzle-orm/migrator";
import { type Db, MIGRATIONS_FOLDER, rowsOf } from "@/db/client";

export type TReadiness = { ready: true } | { ready: false; reason: string };

/** A readiness probe must answer within the prober's own timeout, database down or not. */
export const READINESS_TIMEOUT_MS = 2000;

/**
 * Ready = the database answers within `timeoutMs` and every migration shipped with this build has
 * been applied. Takes the handle as a promise too, so opening the database counts against the limit.
 */
export async function checkReadiness(db: Db | Promise<Db>, timeoutMs = READINESS_TIMEOUT_MS): Promise<TReadiness> {
  const expected = readMigrationFiles({ migrationsFolder: MIGRATIONS_FOLDER }).length;
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
  });
  try {
    const rows = await Promise.race([
      (async () =>
        rowsOf<{ applied: number }>(
          await (await db).execute(sql`select count(*)::int as applied from drizzle.__drizzle_migrations`),
        ))(),
      timeout,
    ]);
    const applied = Number(rows[0]?.applied ?? 0);
    if (applied < expected)
      return { ready: false, reason: `database has ${applied} of ${expected} migrations applied` };
    return { ready: true };
  } catch (error) {
    return { ready: false, reason: `database unreachable: ${(error as Error).message}` };
  } finally {
    clearTimeout(timer);
  }
}
