import { sql } from "drizzle-orm";
import { readMigrationFiles } from "drizzle-orm/migrator";
import { type Db, MIGRATIONS_FOLDER, rowsOf } from "@/db/client";

export type TReadiness = { ready: true } | { ready: false; reason: string };

/** Ready = the database answers and every migration shipped with this build has been applied. */
export async function checkReadiness(db: Db): Promise<TReadiness> {
  const expected = readMigrationFiles({ migrationsFolder: MIGRATIONS_FOLDER }).length;
  try {
    const rows = rowsOf<{ applied: number }>(
      await db.execute(sql`select count(*)::int as applied from drizzle.__drizzle_migrations`),
    );
    const applied = Number(rows[0]?.applied ?? 0);
    if (applied < expected)
      return { ready: false, reason: `database has ${applied} of ${expected} migrations applied` };
    return { ready: true };
  } catch (error) {
    return { ready: false, reason: `database unreachable: ${(error as Error).message}` };
  }
}
