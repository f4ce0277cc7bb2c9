import "server-only";
import fs from "node:fs";
import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { pg_trgm } from "@electric-sql/pglite/contrib/pg_trgm";
import { drizzle as drizzlePglite } from "drizzle-orm/pglite";
import { migrate as migratePglite } from "drizzle-orm/pglite/migrator";
import { drizzle as drizzlePostgres, type PostgresJsDatabase } from "drizzle-orm/postgres-js";
import { migrate as migratePostgres } from "drizzle-orm/postgres-js/migrator";
import postgres from "postgres";
import { dataDir, env } from "@/lib/env";
import { acquireDirectoryLock, type TDirectoryLock } from "./directory-lock";
import { boundedClient, postgresClientOptions, postgresTimeouts, type TPostgresTimeouts } from "./postgres-options";
import * as schema from "./schema";

/**
 * The one place that picks the database: PostgreSQL (postgres.js) when DATABASE_URL is set,
 * otherwise the embedded PGlite under HERALD_DATA_DIR. Both expose the same drizzle API, so the
 * PGlite instance is typed as the postgres-js flavour to keep one `Db` type across the code base.
 */
export type Db = PostgresJsDatabase<typeof schema>;
export type Tx = Parameters<Parameters<Db["transaction"]>[0]>[0];
export type DbOrTx = Db | Tx;

/** drizzle returns an array on postgres.js and `{rows}` on PGlite. */
export function rowsOf<T>(result: unknown): T[] {
  if (Array.isArray(result)) return result as T[];
  return ((result as { rows?: T[] }).rows ?? []) as T[];
}

export type TDbHandle = {
  db: Db;
  backend: "postgres" | "pglite";
  /**
   * Raw postgres.js client (PostgreSQL only); kept apart because drizzle's driver replaces the json
   * serializers of the client it wraps. Its connections have the timeouts below, but not the
   * acquire bound that `db`'s queries have.
   */
  sql?: postgres.Sql;
  /** Connection string (PostgreSQL only), for clients that open their own pool (pg-boss). */
  url?: string;
  /** PostgreSQL only: the timeouts the pools of this handle use; other pools should use the same. */
  timeouts?: TPostgresTimeouts;
  pglite?: PGlite;
  close(): Promise<void>;
};

export const MIGRATIONS_FOLDER = path.join(process.cwd(), "db", "migrations");
/** Arbitrary constant: serialises migrations when several Herald instances start at once. */
const MIGRATION_LOCK_ID = 7_261_001;

export type TOpenOptions =
  | { backend: "postgres"; url: string; max?: number; timeouts?: Partial<TPostgresTimeouts> }
  | { backend: "pglite"; directory?: string /* undefined = in memory */; lock?: boolean };

export async function openDatabase(options: TOpenOptions): Promise<TDbHandle> {
  if (options.backend === "postgres") {
    const timeouts = { ...postgresTimeouts(), ...options.timeouts };
    await migratePostgresDatabase(options.url, timeouts);
    const sql = postgres(options.url, { ...postgresClientOptions(timeouts), max: options.max ?? 10 });
    const db = drizzlePostgres(boundedClient(sql, timeouts), { schema });
    return { db, backend: "postgres", sql, url: options.url, timeouts, close: () => sql.end({ timeout: 5 }) };
  }
  let lock: TDirectoryLock | undefined;
  if (options.directory) {
    fs.mkdirSync(options.directory, { recursive: true });
    if (options.lock !== false) lock = acquireDirectoryLock(options.directory);
  }
  // pg_trgm backs the event search index; PGlite loads an extension only when it is passed here.
  const extensions = { pg_trgm };
  const pglite = options.directory ? new PGlite(options.directory, { extensions }) : new PGlite({ extensions });
  const db = drizzlePglite(pglite, { schema }) as unknown as Db;
  await migratePglite(drizzlePglite(pglite), { migrationsFolder: MIGRATIONS_FOLDER });
  return {
    db,
    backend: "pglite",
    pglite,
    close: async () => {
      await pglite.close();
      lock?.release();
    },
  };
}

async function migratePostgresDatabase(url: string, timeouts: TPostgresTimeouts): Promise<void> {
  // One connection holds the advisory lock and runs the migrations on it; waiting for another
  // instance's lock and building indexes may take longer than any statement timeout.
  const sql = postgres(url, { ...postgresClientOptions({ ...timeouts, statementSeconds: 0 }), max: 1 });
  try {
    await sql`select pg_advisory_lock(${MIGRATION_LOCK_ID})`;
    await migratePostgres(drizzlePostgres(sql), { migrationsFolder: MIGRATIONS_FOLDER });
    await sql`select pg_advisory_unlock(${MIGRATION_LOCK_ID})`;
  } finally {
    await sql.end({ timeout: 5 });
  }
}

export function optionsFromEnv(): TOpenOptions {
  const { DATABASE_URL } = env();
  if (DATABASE_URL) return { backend: "postgres", url: DATABASE_URL };
  return { backend: "pglite", directory: path.join(dataDir(), "pglite") };
}

type TGlobalDb = { heraldDb?: Promise<TDbHandle> };
const globalStore = globalThis as unknown as TGlobalDb;

/** Process-wide handle (survives Next.js dev reloads). Opens and migrates on first use. */
export function getDbHandle(): Promise<TDbHandle> {
  if (!globalStore.heraldDb) {
    globalStore.heraldDb = openDatabase(optionsFromEnv()).catch((error) => {
      globalStore.heraldDb = undefined;
      throw error;
    });
  }
  return globalStore.heraldDb;
}

export async function getDb(): Promise<Db> {
  return (await getDbHandle()).db;
}

/** Lets tests and scripts install a handle they opened themselves. */
export function setDbHandle(handle: TDbHandle | undefined): void {
  globalStore.heraldDb = handle ? Promise.resolve(handle) : undefined;
}
