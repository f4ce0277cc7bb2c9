import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, it } from "node:test";
import { PGlite } from "@electric-sql/pglite";
import { sql } from "drizzle-orm";
import { readMigrationFiles } from "drizzle-orm/migrator";
import { drizzle } from "drizzle-orm/pglite";
import postgres from "postgres";
import { checkReadiness } from "@/lib/startup/health";
import { testBackends } from "@/lib/testing/test-db";
import { type Db, getDb, MIGRATIONS_FOLDER, openDatabase, rowsOf, setDbHandle } from "./client";
import { settings } from "./schema";

const EXPECTED_TABLES = ["events", "groups", "group_members", "login_attempts", "settings", "tokens", "users"];

async function tableNames(db: Db): Promise<string[]> {
  const rows = rowsOf<{ table_name: string }>(
    await db.execute(sql`select table_name from information_schema.tables where table_schema = 'public'`),
  );
  return rows.map((row) => row.table_name);
}

async function appliedMigrations(db: Db): Promise<number> {
  const rows = rowsOf<{ n: number }>(
    await db.execute(sql`select count(*)::int as n from drizzle.__drizzle_migrations`),
  );
  return Number(rows[0].n);
}

for (const backend of testBackends()) {
  describe(`openDatabase (${backend.name})`, () => {
    it("applies every migration and reports ready", async () => {
      const handle = await backend.open();
      try {
        assert.equal(handle.backend, backend.name);
        const tables = await tableNames(handle.db);
        for (const table of EXPECTED_TABLES) assert.ok(tables.includes(table), `table ${table} exists`);
        assert.equal(
          await appliedMigrations(handle.db),
          readMigrationFiles({ migrationsFolder: MIGRATIONS_FOLDER }).length,
        );
        assert.deepEqual(await checkReadiness(handle.db), { ready: true });
      } finally {
        await handle.dispose();
      }
    });
  });
}

describe("openDatabase (PGlite directory)", () => {
  it("locks the directory while open, and keeps data across reopen", async () => {
    const directory = fs.mkdtempSync(path.join(os.tmpdir(), "herald-client-test-"));
    try {
      const first = await openDatabase({ backend: "pglite", directory });
      assert.equal(fs.readFileSync(path.join(directory, "herald.lock"), "utf8"), String(process.pid));
      await first.db.insert(settings).values({ key: "event_retention", value: "weeks=3" });
      await first.close();
      assert.equal(fs.existsSync(path.join(directory, "herald.lock")), false, "lock released on close");

      const second = await openDatabase({ backend: "pglite", directory });
      try {
        const rows = await second.db.select().from(settings);
        assert.deepEqual(
          rows.map((row) => row.value),
          ["weeks=3"],
        );
        assert.deepEqual(await checkReadiness(second.db), { ready: true });
        assert.equal(
          await appliedMigrations(second.db),
          readMigrationFiles({ migrationsFolder: MIGRATIONS_FOLDER }).length,
        );
      } finally {
        await second.close();
      }
    } finally {
      fs.rmSync(directory, { recursive: true, force: true });
    }
  });
});

describe("checkReadiness", () => {
  it("answers not ready within its timeout when the database does not answer", async () => {
    const hanging = { execute: () => new Promise(() => {}) } as unknown as Db;
    const started = performance.now();
    const result = await checkReadiness(hanging, 200);
    assert.deepEqual(result, { ready: false, reason: "database unreachable: no answer within 200 ms" });
    assert.ok(performance.now() - started < 1000);
  });

  it("is not ready on a database without migrations, naming the reason", async () => {
    const pglite = new PGlite();
    await pglite.waitReady; // its start-up would otherwise count against the readiness timeout
    try {
      const result = await checkReadiness(drizzle(pglite) as unknown as Db);
      assert.equal(result.ready, false);
      assert.match((result as { reason: string }).reason, /^database unreachable: .*__drizzle_migrations/);
    } finally {
      await pglite.close();
    }
  });

  it("is not ready when some migrations are missing", async () => {
    const pglite = new PGlite();
    await pglite.waitReady;
    try {
      await pglite.exec(`create schema drizzle; create table drizzle.__drizzle_migrations (id serial primary key, hash text, created_at bigint);
        insert into drizzle.__drizzle_migrations (hash, created_at) values ('x', 0);`);
      const expected = readMigrationFiles({ migrationsFolder: MIGRATIONS_FOLDER }).length;
      const result = await checkReadiness(drizzle(pglite) as unknown as Db);
      if (expected > 1) {
        assert.deepEqual(result, { ready: false, reason: `database has 1 of ${expected} migrations applied` });
      } else {
        assert.deepEqual(result, { ready: true });
      }
    } finally {
      await pglite.close();
    }
  });

  it("is not ready once the database is closed", async () => {
    const handle = await openDatabase({ backend: "pglite" });
    await handle.close();
    const result = await checkReadiness(handle.db);
    assert.equal(result.ready, false);
    assert.match((result as { reason: string }).reason, /^database unreachable: /);
  });
});

describe("getDb / setDbHandle", () => {
  it("returns the installed handle's database", async () => {
    const handle = await openDatabase({ backend: "pglite" });
    try {
      setDbHandle(handle);
      assert.equal(await getDb(), handle.db);
    } finally {
      setDbHandle(undefined);
      await handle.close();
    }
  });
});

const url = process.env.DATABASE_URL;
if (url) {
  describe("openDatabase (PostgreSQL, concurrent start)", () => {
    it("two instances migrating the same new database at once both succeed (advisory lock)", async () => {
      const dbName = `herald_test_client_${Date.now()}_${randomBytes(3).toString("hex")}`;
      const admin = postgres(url, { max: 1, onnotice: () => {} });
      await admin.unsafe(`create database ${dbName}`);
      const target = new URL(url);
      target.pathname = `/${dbName}`;
      try {
        const handles = await Promise.all([
          openDatabase({ backend: "postgres", url: target.toString(), max: 2 }),
          openDatabase({ backend: "postgres", url: target.toString(), max: 2 }),
        ]);
        try {
          for (const handle of handles) assert.deepEqual(await checkReadiness(handle.db), { ready: true });
          assert.equal(
            await appliedMigrations(handles[0].db),
            readMigrationFiles({ migrationsFolder: MIGRATIONS_FOLDER }).length,
          );
        } finally {
          await Promise.all(handles.map((handle) => handle.close()));
        }
      } finally {
        await admin.unsafe(`drop database if exists ${dbName} with (force)`);
        await admin.end({ timeout: 5 });
      }
    });
  });
}
