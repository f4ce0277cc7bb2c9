import { randomBytes } from "node:crypto";
import postgres from "postgres";
import { openDatabase, type TDbHandle } from "@/db/client";

/**
 * Integration-test databases: every suite runs on an in-memory PGlite and, when DATABASE_URL is
 * set, also on real PostgreSQL in a fresh database created for this run (dropped afterwards).
 */
export type TTestBackend = { name: "pglite" | "postgres"; open(): Promise<TDbHandle & { dispose(): Promise<void> }> };

export function testBackends(): TTestBackend[] {
  const backends: TTestBackend[] = [
    {
      name: "pglite",
      async open() {
        const handle = await openDatabase({ backend: "pglite" });
        return { ...handle, dispose: () => handle.close() };
      },
    },
  ];
  const url = process.env.DATABASE_URL;
  if (url) {
    backends.push({
      name: "postgres",
      async open() {
        const dbName = `herald_test_${Date.now()}_${randomBytes(3).toString("hex")}`;
        const admin = postgres(url, { max: 1, onnotice: () => {} });
        await admin.unsafe(`create database ${dbName}`);
        const target = new URL(url);
        target.pathname = `/${dbName}`;
        const handle = await openDatabase({ backend: "postgres", url: target.toString(), max: 5 });
        return {
          ...handle,
          async dispose() {
            await handle.close();
            await admin.unsafe(`drop database if exists ${dbName} with (force)`);
            await admin.end({ timeout: 5 });
          },
        };
      },
    });
  }
  return backends;
}
