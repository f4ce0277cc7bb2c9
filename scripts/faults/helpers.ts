/**
 * Shared pieces of the fault suite (scripts/faults/*.test.ts, run by `npm run test:faults`):
 * a built Herald server started on a port with its own environment, a throwaway PostgreSQL
 * cluster (or a throwaway database on an existing server), a webhook receiver, and a load
 * generator that posts events at a fixed rate. Everything started here is also ended when the
 * test process exits, so a failing scenario leaves no server or cluster behind.
 */
import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { randomBytes, randomUUID } from "node:crypto";
import fs from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import postgres from "postgres";
import { buildDir, ensureBuild, ROOT } from "./build.mjs";

export { ROOT };

/** The API token and admin password every fault-suite server is bootstrapped with. */
export const FAULT_TOKEN = "fault-suite-token-0123456789abcdef";
export const FAULT_ADMIN_PASSWORD = "fault-suite-admin-password";

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Cleanups still owed when the process exits; each must be synchronous (exit handlers cannot wait). */
const exitCleanups = new Set<() => void>();
process.on("exit", () => {
  for (const cleanup of exitCleanups) {
    try {
      cleanup();
    } catch {
      // best effort: the process is going away
    }
  }
});
// A stop may signal this process twice (its process group, and node's test runner forwarding the
// same signal): the second must not interrupt the cleanups the first one started.
let exiting = false;
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.on(signal, () => {
    if (exiting) return;
    exiting = true;
    process.exit(130);
  });
}

/** Throws unless the production build exists (building it when missing). */
export function requireBuild(): void {
  if (!ensureBuild()) throw new Error(`next build into ${buildDir()} failed`);
}

/** A TCP port nobody listens on right now. */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

// ---------------------------------------------------------------------------------------------
// Herald server

export type THeraldServer = {
  baseUrl: string;
  port: number;
  token: string;
  child: ChildProcess;
  /** The last ~200 KB of the server's stdout and stderr, for assertion messages. */
  output(): string;
  /** SIGTERM and wait for the exit (SIGKILL after `graceMs`). */
  stop(graceMs?: number): Promise<void>;
  /** SIGKILL (a crash) and wait for the exit. */
  kill(): Promise<void>;
  /** Resolves with the exit code (or signal name) once the process has ended. */
  exited: Promise<number | string>;
};

export type TStartHeraldOptions = {
  /** PostgreSQL connection string; without one the server runs on a fresh PGlite directory. */
  databaseUrl?: string;
  port?: number;
  /** Extra variables, applied last (they override the defaults below). */
  env?: Record<string, string>;
  /** How long to wait for /-/health/ready/ (default 120 s); 0 returns as soon as the process runs. */
  readyTimeoutMs?: number;
  /** Echo the server's output to this process's stderr (default: FAULTS_VERBOSE=1). */
  echo?: boolean;
};

/** Starts the real Herald server (scripts/server.mjs on the production build) and waits until it is ready. */
export async function startHerald(options: TStartHeraldOptions = {}): Promise<THeraldServer> {
  requireBuild();
  const port = options.port ?? (await freePort());
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "herald-fault-data-"));
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    PORT: String(port),
    HOSTNAME: "127.0.0.1",
    HERALD_DIST_DIR: buildDir(),
    HERALD_DATA_DIR: dataDir,
    DATABASE_URL: options.databaseUrl,
    HERALD_BOOTSTRAP_PASSWORD: FAULT_ADMIN_PASSWORD,
    HERALD_BOOTSTRAP_TOKEN: FAULT_TOKEN,
    HERALD_LOG_LEVEL: "warn",
    HERALD_WEBHOOK_ALLOW_NETWORKS: "127.0.0.1/32",
    NEXT_TELEMETRY_DISABLED: "1",
    ...options.env,
  };
  if (!options.databaseUrl) delete env.DATABASE_URL;
  const child = spawn(process.execPath, ["scripts/server.mjs"], { cwd: ROOT, env, stdio: ["ignore", "pipe", "pipe"] });
  const echo = options.echo ?? process.env.FAULTS_VERBOSE === "1";
  let output = "";
  const record = (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-200_000);
    if (echo) process.stderr.write(`[herald:${port}] ${chunk}`);
  };
  child.stdout?.on("data", record);
  child.stderr?.on("data", record);
  const exited = new Promise<number | string>((resolve) =>
    child.once("exit", (code, signal) => resolve(code ?? signal ?? "unknown")),
  );
  const cleanup = () => {
    if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
    fs.rmSync(dataDir, { recursive: true, force: true });
  };
  exitCleanups.add(cleanup);
  void exited.then(() => {
    exitCleanups.delete(cleanup);
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  const isRunning = () => child.exitCode === null && child.signalCode === null;
  const server: THeraldServer = {
    baseUrl: `http://127.0.0.1:${port}`,
    port,
    token: FAULT_TOKEN,
    child,
    output: () => output,
    exited,
    async stop(graceMs = 15_000) {
      if (!isRunning()) return;
      child.kill("SIGTERM");
      const timer = setTimeout(() => child.kill("SIGKILL"), graceMs);
      await exited;
      clearTimeout(timer);
    },
    async kill() {
      if (!isRunning()) return;
      child.kill("SIGKILL");
      await exited;
    },
  };
  const readyTimeoutMs = options.readyTimeoutMs ?? 120_000;
  if (readyTimeoutMs > 0) {
    try {
      await waitForReady(server, readyTimeoutMs);
    } catch (error) {
      await server.kill();
      throw new Error(`${(error as Error).message}\n--- server output ---\n${output.slice(-5000)}`);
    }
  }
  return server;
}

/** Polls /-/health/ready/ until it answers 200; throws when the process exits or time runs out. */
export async function waitForReady(server: THeraldServer, timeoutMs = 120_000): Promise<number> {
  const started = Date.now();
  for (;;) {
    if (server.child.exitCode !== null || server.child.signalCode !== null) {
      throw new Error(
        `the Herald server on port ${server.port} exited (${server.child.exitCode ?? server.child.signalCode})`,
      );
    }
    try {
      const response = await fetch(`${server.baseUrl}/-/health/ready/`, { signal: AbortSignal.timeout(5_000) });
      await response.arrayBuffer();
      if (response.ok) return Date.now() - started;
    } catch {
      // not listening yet, or the check itself timed out
    }
    if (Date.now() - started > timeoutMs) {
      throw new Error(`the Herald server on port ${server.port} was not ready within ${timeoutMs / 1000} s`);
    }
    await sleep(250);
  }
}

// ---------------------------------------------------------------------------------------------
// HTTP calls

export type TApiResult = {
  status: number;
  /** Parsed JSON body (or the text when it is not JSON); null for an empty body. */
  body: unknown;
  headers: Headers;
  ms: number;
};

/** One authenticated API call; never throws for an HTTP status (network errors and timeouts do throw). */
export async function callApi(
  server: Pick<THeraldServer, "baseUrl" | "token">,
  method: string,
  apiPath: string,
  body?: unknown,
  options: { timeoutMs?: number } = {},
): Promise<TApiResult> {
  const started = performance.now();
  const response = await fetch(`${server.baseUrl}${apiPath}`, {
    method,
    headers: {
      authorization: `Bearer ${server.token}`,
      ...(body === undefined ? {} : { "content-type": "application/json" }),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
    signal: AbortSignal.timeout(options.timeoutMs ?? 30_000),
  });
  const text = await response.text();
  let parsed: unknown = null;
  if (text) {
    try {
      parsed = JSON.parse(text);
    } catch {
      parsed = text;
    }
  }
  return { status: response.status, body: parsed, headers: response.headers, ms: performance.now() - started };
}

/** An authentik EventRequest with a client-chosen pk, so a test can later look up exactly what was accepted. */
export function eventRequest(marker: string, index: number) {
  return {
    pk: randomUUID(),
    action: "custom_fault",
    app: marker,
    client_ip: `198.51.100.${index % 250}`,
    user: { pk: index, username: `fault-user-${index}` },
    context: { index },
  };
}

export type TPostResult = {
  index: number;
  pk: string;
  /** HTTP status, or 0 when no answer came (network error or the client-side timeout). */
  status: number;
  ms: number;
  /** ms since the load started when the request was sent. */
  sentAt: number;
  retryAfter: string | null;
  contentType: string | null;
  body: unknown;
  error?: string;
};

export type TEventLoad = {
  /** Stops sending and resolves once every request sent has been answered or timed out. */
  stop(): Promise<TPostResult[]>;
  results: TPostResult[];
  sent(): number;
};

/**
 * Posts events to /api/v3/events/events/ at `ratePerSecond` until stop(); each request gives up
 * after `timeoutMs` (status 0). Requests overlap: a slow answer does not slow the rate.
 */
export function startEventLoad(
  server: Pick<THeraldServer, "baseUrl" | "token">,
  options: { marker: string; ratePerSecond?: number; timeoutMs?: number },
): TEventLoad {
  const rate = options.ratePerSecond ?? 50;
  const timeoutMs = options.timeoutMs ?? 30_000;
  const results: TPostResult[] = [];
  const inFlight = new Set<Promise<void>>();
  const started = performance.now();
  let index = 0;
  let stopped = false;

  const postOne = async (current: number) => {
    const body = eventRequest(options.marker, current);
    const sentAt = performance.now() - started;
    try {
      const result = await callApi(server, "POST", "/api/v3/events/events/", body, { timeoutMs });
      results.push({
        index: current,
        pk: body.pk,
        status: result.status,
        ms: result.ms,
        sentAt,
        retryAfter: result.headers.get("retry-after"),
        contentType: result.headers.get("content-type"),
        body: result.body,
      });
    } catch (error) {
      const ms = performance.now() - started - sentAt;
      const err = error as Error & { cause?: { code?: string } };
      results.push({
        index: current,
        pk: body.pk,
        status: 0,
        ms,
        sentAt,
        retryAfter: null,
        contentType: null,
        body: null,
        error: err.cause?.code ?? err.name ?? err.message,
      });
    }
  };

  // Paced by the clock, not by setInterval's drift: after a stall it catches up to the schedule.
  const tick = () => {
    if (stopped) return;
    const due = Math.floor(((performance.now() - started) / 1000) * rate);
    while (index < due) {
      const promise = postOne(index++);
      inFlight.add(promise);
      void promise.finally(() => inFlight.delete(promise));
    }
    timer = setTimeout(tick, Math.max(1, Math.floor(1000 / rate / 2)));
  };
  let timer = setTimeout(tick, 0);

  return {
    results,
    sent: () => index,
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await Promise.all([...inFlight]);
      return results.sort((a, b) => a.index - b.index);
    },
  };
}

// ---------------------------------------------------------------------------------------------
// PostgreSQL

export type TThrowawayDatabase = { url: string; name: string; drop(): Promise<void> };

/** A new database on an existing server (e.g. DATABASE_URL); drop() removes it, also with clients still connected. */
export async function createThrowawayDatabase(adminUrl: string, prefix = "herald_fault"): Promise<TThrowawayDatabase> {
  const name = `${prefix}_${Date.now()}_${randomBytes(3).toString("hex")}`;
  const admin = postgres(adminUrl, { max: 1, onnotice: () => {}, connect_timeout: 10 });
  try {
    await admin.unsafe(`create database ${name}`);
  } finally {
    await admin.end({ timeout: 5 });
  }
  const target = new URL(adminUrl);
  target.pathname = `/${name}`;
  let dropped = false;
  const drop = async () => {
    if (dropped) return;
    dropped = true;
    const sql = postgres(adminUrl, { max: 1, onnotice: () => {}, connect_timeout: 10 });
    try {
      await sql.unsafe(`drop database if exists ${name} with (force)`);
    } finally {
      await sql.end({ timeout: 5 });
    }
  };
  return { url: target.toString(), name, drop };
}

export type TPostgresCluster = {
  /** postgres://postgres@127.0.0.1:<port>/postgres (trust auth). */
  url: string;
  port: number;
  dataDir: string;
  /** Stops the server (`pg_ctl stop -m <mode>`, waiting) and returns how long that took, in ms. */
  stop(mode?: "smart" | "fast" | "immediate"): Promise<number>;
  /** Starts it again (same port and data) and waits until it accepts connections. */
  start(): Promise<void>;
  isRunning(): boolean;
  /** The server's log file so far. */
  log(): string;
  /** Stops the server if it runs and deletes its files; safe to call more than once. */
  remove(): Promise<void>;
};

const CLUSTER_PREFIX = "herald-fault-pg-";

/** The bin directory of the newest installed PostgreSQL (HERALD_FAULTS_PG_BIN overrides), or null. */
export function postgresBinDir(): string | null {
  if (process.env.HERALD_FAULTS_PG_BIN) return process.env.HERALD_FAULTS_PG_BIN;
  const base = "/usr/lib/postgresql";
  const versions = fs.existsSync(base)
    ? fs
        .readdirSync(base)
        .filter((version) => fs.existsSync(path.join(base, version, "bin", "initdb")))
        .sort((a, b) => Number(b) - Number(a))
    : [];
  if (versions[0]) return path.join(base, versions[0], "bin");
  const found = spawnSync("pg_config", ["--bindir"], { encoding: "utf8" });
  const dir = found.status === 0 ? found.stdout.trim() : "";
  return dir && fs.existsSync(path.join(dir, "initdb")) ? dir : null;
}

/** PostgreSQL refuses to run as root: as root, its programs run as the `postgres` user. */
function pgCommand(binDir: string, program: string, args: string[]): [string, string[]] {
  const binary = path.join(binDir, program);
  if (process.getuid?.() === 0) return ["runuser", ["-u", "postgres", "--", binary, ...args]];
  return [binary, args];
}

function runPg(binDir: string, program: string, args: string[], timeoutMs = 60_000): Promise<string> {
  const [command, commandArgs] = pgCommand(binDir, program, args);
  return new Promise((resolve, reject) => {
    const child = spawn(command, commandArgs, { stdio: ["ignore", "pipe", "pipe"] });
    let output = "";
    child.stdout.on("data", (chunk: Buffer) => (output += chunk));
    child.stderr.on("data", (chunk: Buffer) => (output += chunk));
    const timer = setTimeout(() => child.kill("SIGKILL"), timeoutMs);
    child.once("error", reject);
    child.once("exit", (code) => {
      clearTimeout(timer);
      if (code === 0) resolve(output);
      else reject(new Error(`${program} ${args.join(" ")} exited with ${code}: ${output.trim()}`));
    });
  });
}

function stopClusterNow(binDir: string, dataDir: string): void {
  if (fs.existsSync(path.join(dataDir, "postmaster.pid"))) {
    const [command, args] = pgCommand(binDir, "pg_ctl", ["-D", dataDir, "-m", "immediate", "-w", "-t", "20", "stop"]);
    spawnSync(command, args, { stdio: "ignore", timeout: 30_000 });
  }
}

/** Clusters left by fault runs that died without cleaning up (their owning pid is gone). */
function removeStaleClusters(binDir: string): void {
  for (const entry of fs.readdirSync(os.tmpdir())) {
    const match = new RegExp(`^${CLUSTER_PREFIX}(\\d+)-`).exec(entry);
    if (!match) continue;
    const owner = Number(match[1]);
    try {
      process.kill(owner, 0);
      continue; // still running
    } catch {
      // owner gone: the cluster is stale
    }
    const dir = path.join(os.tmpdir(), entry);
    stopClusterNow(binDir, path.join(dir, "data"));
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * A new PostgreSQL cluster of its own (initdb into a temp folder, trust auth on 127.0.0.1, a free
 * port), so a test may stop and restart it. Never touches the machine's clusters. Removed by
 * remove(), and in any case when the test process exits.
 */
export async function createPostgresCluster(options: { port?: number } = {}): Promise<TPostgresCluster> {
  const binDir = postgresBinDir();
  if (!binDir) throw new Error("no PostgreSQL server binaries (initdb, pg_ctl) found");
  removeStaleClusters(binDir);
  const port = options.port ?? (await freePort());
  const root = fs.mkdtempSync(path.join(os.tmpdir(), `${CLUSTER_PREFIX}${process.pid}-`));
  const dataDir = path.join(root, "data");
  const logFile = path.join(root, "postgres.log");
  if (process.getuid?.() === 0) spawnSync("chown", ["postgres:", root]);
  let removed = false;
  const cleanup = () => {
    stopClusterNow(binDir, dataDir);
    fs.rmSync(root, { recursive: true, force: true });
  };
  exitCleanups.add(cleanup);

  const start = async () => {
    const serverOptions = `-p ${port} -k ${root} -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=100`;
    await runPg(binDir, "pg_ctl", ["-D", dataDir, "-o", serverOptions, "-l", logFile, "-w", "-t", "60", "start"]);
  };
  try {
    await runPg(binDir, "initdb", ["-D", dataDir, "-U", "postgres", "--auth=trust", "-E", "UTF8", "--no-sync"]);
    await start();
  } catch (error) {
    exitCleanups.delete(cleanup);
    cleanup();
    throw error;
  }
  return {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    port,
    dataDir,
    start,
    isRunning: () => fs.existsSync(path.join(dataDir, "postmaster.pid")),
    log: () => (fs.existsSync(logFile) ? fs.readFileSync(logFile, "utf8") : ""),
    async stop(mode = "fast") {
      const started = performance.now();
      await runPg(binDir, "pg_ctl", ["-D", dataDir, "-m", mode, "-w", "-t", "120", "stop"], 130_000);
      return performance.now() - started;
    },
    async remove() {
      if (removed) return;
      removed = true;
      exitCleanups.delete(cleanup);
      cleanup();
    },
  };
}

// ---------------------------------------------------------------------------------------------
// Webhook receiver

export type TReceivedRequest = {
  at: number;
  method: string;
  url: string;
  headers: http.IncomingHttpHeaders;
  body: string;
};

export type TWebhookReceiver = {
  /** http://127.0.0.1:<port>/hook */
  url: string;
  port: number;
  received: TReceivedRequest[];
  /** The status the receiver answers with from now on (default 200). */
  setStatus(status: number): void;
  /** Stops listening (connections in flight are cut); start() listens again on the same port. */
  stop(): Promise<void>;
  start(): Promise<void>;
};

/** A webhook endpoint on loopback that records every request it gets. */
export async function startWebhookReceiver(options: { port?: number } = {}): Promise<TWebhookReceiver> {
  const port = options.port ?? (await freePort());
  const received: TReceivedRequest[] = [];
  let status = 200;
  let server: http.Server | undefined;
  const listen = () =>
    new Promise<void>((resolve, reject) => {
      const created = http.createServer((request, response) => {
        const chunks: Buffer[] = [];
        request.on("data", (chunk: Buffer) => chunks.push(chunk));
        request.on("end", () => {
          received.push({
            at: Date.now(),
            method: request.method ?? "",
            url: request.url ?? "",
            headers: request.headers,
            body: Buffer.concat(chunks).toString("utf8"),
          });
          response.writeHead(status, { "content-type": "text/plain" }).end("ok");
        });
      });
      created.once("error", reject);
      created.listen(port, "127.0.0.1", () => {
        server = created;
        resolve();
      });
    });
  await listen();
  return {
    url: `http://127.0.0.1:${port}/hook`,
    port,
    received,
    setStatus: (next) => {
      status = next;
    },
    start: listen,
    stop: () =>
      new Promise((resolve) => {
        if (!server) return resolve();
        const closing = server;
        server = undefined;
        closing.closeAllConnections();
        closing.close(() => resolve());
      }),
  };
}

// ---------------------------------------------------------------------------------------------
// Figures

export function percentile(values: number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

/** Counts of results by status, e.g. {201: 410, 503: 97, 0: 1}. */
export function countByStatus(results: Pick<TPostResult, "status">[]): Record<number, number> {
  const counts: Record<number, number> = {};
  for (const result of results) counts[result.status] = (counts[result.status] ?? 0) + 1;
  return counts;
}
