// Starts one Herald server for the e2e/API suites on a fresh database: a new PGlite directory, or
// (E2E_BACKEND=postgres) a new database on the DATABASE_URL server. Used by e2e/playwright.config.ts.
import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import postgres from "postgres";

const backend = process.env.E2E_BACKEND || "pglite";
const port = process.env.PORT || "3100";
const env = { ...process.env, PORT: port, HOSTNAME: "127.0.0.1", NEXT_TELEMETRY_DISABLED: "1" };
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), `herald-e2e-${backend}-`));
env.HERALD_DATA_DIR = dataDir;
let dropDatabase = async () => {};

if (backend === "postgres") {
  const url = process.env.DATABASE_URL;
  if (!url) throw new Error("E2E_BACKEND=postgres needs DATABASE_URL");
  const dbName = `herald_e2e_${Date.now()}_${randomBytes(3).toString("hex")}`;
  const admin = postgres(url, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database ${dbName}`);
  const target = new URL(url);
  target.pathname = `/${dbName}`;
  env.DATABASE_URL = target.toString();
  dropDatabase = async () => {
    await admin.unsafe(`drop database if exists ${dbName} with (force)`).catch(() => {});
    await admin.end({ timeout: 5 });
  };
} else {
  delete env.DATABASE_URL;
}

const child = spawn(process.execPath, ["scripts/server.mjs"], { env, stdio: "inherit" });
let stopping = false;
async function stop() {
  if (stopping) return;
  stopping = true;
  child.kill("SIGTERM");
  await new Promise((resolve) => child.once("exit", resolve));
  await dropDatabase();
  fs.rmSync(dataDir, { recursive: true, force: true });
  process.exit(0);
}
process.on("SIGTERM", stop);
process.on("SIGINT", stop);
child.on("exit", (code) => {
  if (!stopping) process.exit(code ?? 1);
});
