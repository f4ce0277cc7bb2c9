import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";

export type TBenchServer = { baseUrl: string; token: string; stop(): Promise<void> };

export const BENCH_TOKEN = "bench-token-0123456789abcdef0123";

/** `next build` once when the build folder (HERALD_DIST_DIR, as next.config.mjs reads it) has no production build yet. */
export function ensureBuild(root: string): void {
  if (fs.existsSync(path.join(root, process.env.HERALD_DIST_DIR || ".next", "BUILD_ID"))) return;
  console.log("No production build found: running `next build` first …");
  const result = spawnSync("npx", ["next", "build"], {
    cwd: root,
    stdio: "inherit",
    env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1" },
  });
  if (result.status !== 0) throw new Error("next build failed");
}

/** Starts the real Herald server (scripts/server.mjs) on the bench database and waits until it is ready. */
export async function startServer(root: string, env: Record<string, string>, port: number): Promise<TBenchServer> {
  // BENCH_SERVER_NODE_ARGS, e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof", profiles the server under load.
  const nodeArgs = (process.env.BENCH_SERVER_NODE_ARGS ?? "").split(" ").filter(Boolean);
  const child: ChildProcess = spawn(process.execPath, [...nodeArgs, "scripts/server.mjs"], {
    cwd: root,
    env: {
      ...process.env,
      ...env,
      PORT: String(port),
      HOSTNAME: "127.0.0.1",
      HERALD_BOOTSTRAP_PASSWORD: "bench-admin-password",
      HERALD_BOOTSTRAP_TOKEN: BENCH_TOKEN,
      HERALD_LOG_LEVEL: "warn",
      // The dispatch suite delivers to a receiver on loopback.
      HERALD_WEBHOOK_ALLOW_NETWORKS: "127.0.0.1/32",
      NEXT_TELEMETRY_DISABLED: "1",
    },
    stdio: ["ignore", "ignore", "inherit"],
  });
  const baseUrl = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 120_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`the Herald server exited with code ${child.exitCode}`);
    try {
      if ((await fetch(`${baseUrl}/-/health/ready/`)).ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error("the Herald server did not become ready within 120 s");
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  return {
    baseUrl,
    token: BENCH_TOKEN,
    stop: () =>
      new Promise((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once("exit", () => resolve());
        child.kill("SIGTERM");
      }),
  };
}

/**
 * One authenticated API call against the bench server; a non-2xx answer throws with its body.
 * `parse: false` skips JSON parsing, so latency measurements do not include client-side work.
 */
export async function callApi<T = unknown>(
  server: TBenchServer,
  method: string,
  path: string,
  body?: unknown,
  options: { parse?: boolean } = {},
): Promise<T> {
  const response = await fetch(`${server.baseUrl}${path}`, {
    method,
    headers: {
      authorization: `Bearer ${server.token}`,
      ...(body === undefined ? {} : { "content-type": "application/json" }),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!response.ok)
    throw new Error(`${method} ${path} answered ${response.status}: ${(await response.text()).slice(0, 300)}`);
  if (options.parse === false) {
    await response.arrayBuffer();
    return undefined as T;
  }
  const text = await response.text();
  return (text ? JSON.parse(text) : null) as T;
}

/** Starts `npm run worker` (scripts/worker.ts) on the bench database and waits until it works the queue. */
export async function startWorker(root: string, env: Record<string, string>): Promise<{ stop(): Promise<void> }> {
  const child: ChildProcess = spawn(
    process.execPath,
    [
      path.join(root, "node_modules", "tsx", "dist", "cli.mjs"),
      "--require",
      "./scripts/server-context.cjs",
      "scripts/worker.ts",
    ],
    {
      cwd: root,
      env: { ...process.env, ...env, HERALD_LOG_LEVEL: "warn", HERALD_WEBHOOK_ALLOW_NETWORKS: "127.0.0.1/32" },
      stdio: ["ignore", "pipe", "inherit"],
    },
  );
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error("the Herald worker did not start within 60 s")), 60_000);
    child.once("exit", (code) => reject(new Error(`the Herald worker exited with code ${code}`)));
    child.stdout?.on("data", (chunk: Buffer) => {
      if (chunk.toString().includes("Herald worker running")) {
        clearTimeout(timer);
        resolve();
      }
    });
  });
  return {
    stop: () =>
      new Promise((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once("exit", () => resolve());
        child.kill("SIGTERM");
      }),
  };
}
