/**
 * `npm run bench`: Herald's performance figures, each printed beside a baseline measured in the
 * same run, and written to bench/results.json. Runs on PostgreSQL (DATABASE_URL, else the local
 * server on 127.0.0.1:5432 when it answers) in a fresh database it drops afterwards; on PGlite
 * otherwise (query suites only). Options: BENCH_EVENTS (default 1,000,000 seeded events),
 * BENCH_RUNS (samples per latency, default 60), BENCH_PORT (default 3390), BENCH_SUITES (comma list
 * of events, dispatch, rules, sandbox; default all), BENCH_SEPARATE_WORKER=0 (dispatch suite only
 * with the worker inside the server; by default it runs again with `npm run worker` in its own
 * process), BENCH_SERVER_NODE_ARGS (e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof" to profile the
 * server), BENCH_SANDBOX_WINDOW_MS (sandbox suite: each measuring window, default 8,000).
 */
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import postgres from "postgres";
import { openDatabase } from "@/db/client";
import { runDispatchSuite } from "./bench/dispatch-suite";
import { runEventsSuite } from "./bench/events-suite";
import { printTable, type TBenchResult } from "./bench/measure";
import { runRulesSuite } from "./bench/rules-suite";
import { runSandboxSuite } from "./bench/sandbox-suite";
import { seedBenchEvents } from "./bench/seed-events";
import { ensureBuild, startServer, startWorker } from "./bench/server";

const ROOT = path.resolve(__dirname, "..");
const LOCAL_PG = "postgres://postgres@127.0.0.1:5432/postgres";
const log = (line: string) => console.log(`[bench] ${line}`);

async function answers(url: string): Promise<boolean> {
  const client = postgres(url, { max: 1, connect_timeout: 3, onnotice: () => {} });
  try {
    await client`select 1`;
    return true;
  } catch {
    return false;
  } finally {
    await client.end({ timeout: 1 });
  }
}

type TTarget = {
  backend: TBenchResult["backend"];
  serverEnv: Record<string, string>;
  url?: string;
  directory?: string;
  dispose(): Promise<void>;
};

async function prepareTarget(): Promise<TTarget> {
  const url = process.env.DATABASE_URL || ((await answers(LOCAL_PG)) ? LOCAL_PG : "");
  if (url) {
    const name = `herald_bench_${Date.now()}_${randomBytes(3).toString("hex")}`;
    const admin = postgres(url, { max: 1, onnotice: () => {} });
    await admin.unsafe(`create database ${name}`);
    const target = new URL(url);
    target.pathname = `/${name}`;
    log(`PostgreSQL: fresh database ${name}`);
    return {
      backend: "postgres",
      url: target.toString(),
      serverEnv: { DATABASE_URL: target.toString() },
      async dispose() {
        await admin.unsafe(`drop database if exists ${name} with (force)`);
        await admin.end({ timeout: 5 });
      },
    };
  }
  const directory = fs.mkdtempSync(path.join(os.tmpdir(), "herald-bench-"));
  log(`no PostgreSQL answers: PGlite in ${directory} (targets are stated for PostgreSQL)`);
  return {
    backend: "pglite",
    // The server opens $HERALD_DATA_DIR/pglite; the bench opens the same directory when the server is not running.
    directory: path.join(directory, "pglite"),
    serverEnv: { HERALD_DATA_DIR: directory, DATABASE_URL: "" },
    async dispose() {
      fs.rmSync(directory, { recursive: true, force: true });
    },
  };
}

async function main(): Promise<void> {
  const total = Number(process.env.BENCH_EVENTS || 1_000_000);
  const runs = Number(process.env.BENCH_RUNS || 60);
  const port = Number(process.env.BENCH_PORT || 3390);
  ensureBuild(ROOT);
  const target = await prepareTarget();
  let stopServer: (() => Promise<void>) | undefined;
  let raw: postgres.Sql | null = null;
  try {
    const handle =
      target.backend === "postgres"
        ? await openDatabase({ backend: "postgres", url: target.url as string, max: 2 })
        : await openDatabase({ backend: "pglite", directory: target.directory as string });
    const started = performance.now();
    await seedBenchEvents(handle.db, total, (done) =>
      log(`seeded ${done.toLocaleString("en-US")} / ${total.toLocaleString("en-US")} events`),
    );
    await handle.db.execute("vacuum analyze events");
    log(`seeding took ${((performance.now() - started) / 1000).toFixed(1)} s`);
    await handle.close();

    const server = await startServer(ROOT, target.serverEnv, port);
    stopServer = server.stop;
    if (target.backend === "postgres") raw = postgres(target.url as string, { max: 10, onnotice: () => {} });
    const suites = (process.env.BENCH_SUITES || "events,dispatch,rules,sandbox")
      .split(",")
      .map((suite) => suite.trim());
    const results: TBenchResult[] = [];
    if (suites.includes("events"))
      results.push(...(await runEventsSuite({ server, backend: target.backend, raw, runs, log })));
    if (suites.includes("sandbox")) results.push(...(await runSandboxSuite({ server, backend: target.backend, log })));
    if (suites.includes("dispatch"))
      results.push(
        ...(await runDispatchSuite({
          server,
          backend: target.backend,
          raw,
          url: target.url ?? null,
          log,
          layout: "worker in the server",
          tag: "inproc",
        })),
      );
    await server.stop();
    stopServer = undefined;
    if (suites.includes("dispatch") && target.backend === "postgres" && process.env.BENCH_SEPARATE_WORKER !== "0") {
      // The deployment README recommends under load: the server only accepts (HERALD_WORKER=off), `npm run worker` dispatches.
      log("dispatch suite again with the queue worked by `npm run worker` in its own process …");
      const worker = await startWorker(ROOT, target.serverEnv);
      try {
        const apiOnly = await startServer(ROOT, { ...target.serverEnv, HERALD_WORKER: "off" }, port);
        stopServer = apiOnly.stop;
        results.push(
          ...(await runDispatchSuite({
            server: apiOnly,
            backend: target.backend,
            raw,
            url: target.url ?? null,
            log,
            layout: "separate worker process",
            tag: "worker",
          })),
        );
        await apiOnly.stop();
        stopServer = undefined;
      } finally {
        await worker.stop();
      }
    }
    if (suites.includes("rules")) {
      // In-process, after the server stopped (PGlite allows one process per data directory).
      const handle =
        target.backend === "postgres"
          ? await openDatabase({ backend: "postgres", url: target.url as string, max: 2 })
          : await openDatabase({ backend: "pglite", directory: target.directory as string });
      try {
        results.push(...(await runRulesSuite(handle, target.backend, log)));
      } finally {
        await handle.close();
      }
    }

    console.log(
      `\nHerald bench — ${target.backend}, ${total.toLocaleString("en-US")} seeded events, ${os.cpus().length} cores, node ${process.version}\n`,
    );
    printTable(results);
    fs.mkdirSync(path.join(ROOT, "bench"), { recursive: true });
    fs.writeFileSync(path.join(ROOT, "bench", "results.json"), `${JSON.stringify(results, null, 2)}\n`);
    log("wrote bench/results.json");
  } finally {
    await raw?.end({ timeout: 5 });
    await stopServer?.();
    await target.dispose();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
