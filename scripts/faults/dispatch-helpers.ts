/**
 * Dispatch pieces of the fault suite, beside the shared helpers: a rule notifying a group through
 * a signed webhook and the bell, created through the API as an integrator would; events posted in
 * bulk; a separate `npm run worker` process; and reading what dispatch did straight from the
 * database (the scenarios run on PostgreSQL, so the database can be read while no server runs).
 */
import { type ChildProcess, spawn } from "node:child_process";
import { randomBytes, randomUUID } from "node:crypto";
import type postgres from "postgres";
import { callApi, ROOT, type THeraldServer } from "./helpers";

/** The PostgreSQL server the dispatch scenarios create their databases on. */
export const FAULTS_POSTGRES_URL =
  process.env.HERALD_FAULTS_POSTGRES_URL || "postgres://postgres@127.0.0.1:5432/postgres";

/** Environment every dispatch scenario's processes share: no GeoIP lookups, loopback webhooks allowed. */
export const DISPATCH_ENV = { HERALD_GEOIP_PATH: "off", HERALD_WEBHOOK_ALLOW_NETWORKS: "127.0.0.1/32" };

/** How the ledger row of an attempt cut short by a dead worker begins (lib/dispatch/delivery-reclaim-job.ts). */
export const INTERRUPTED_ATTEMPT_PREFIX = "The worker sending it stopped";

type TServerRef = Pick<THeraldServer, "baseUrl" | "token">;

/** An API call that must succeed; returns the JSON body. */
export async function api<T>(server: TServerRef, method: string, path: string, body?: unknown): Promise<T> {
  const result = await callApi(server, method, path, body, { timeoutMs: 60_000 });
  if (result.status >= 300)
    throw new Error(`${method} ${path} answered ${result.status}: ${JSON.stringify(result.body)}`);
  return result.body as T;
}

export type TNotifyingRule = { action: string; group: string; members: number[]; webhook: string; local: string };

/**
 * Through the API: `members` users in a new group, a webhook transport (signed, so every request
 * carries its delivery's `webhook-id`) and a local one (the bell), and a rule for `action` that
 * sends to the group through both, bound to an event matcher.
 */
export async function createNotifyingRule(
  server: TServerRef,
  options: { action: string; webhookUrl: string; members: number },
): Promise<TNotifyingRule> {
  const suffix = randomUUID().slice(0, 8);
  const members: number[] = [];
  for (let i = 0; i < options.members; i++) {
    const user = await api<{ pk: number }>(server, "POST", "/api/v3/core/users/", {
      username: `fault-member-${suffix}-${i}`,
      name: `Member ${i}`,
      email: `member-${suffix}-${i}@example.test`,
    });
    members.push(user.pk);
  }
  const group = await api<{ pk: string }>(server, "POST", "/api/v3/core/groups/", {
    name: `fault-group-${suffix}`,
    users: members,
  });
  const webhook = await api<{ pk: string }>(server, "POST", "/api/v3/events/transports/", {
    name: `fault-webhook-${suffix}`,
    mode: "webhook",
    webhook_url: options.webhookUrl,
    signing_secret: `whsec_${randomBytes(32).toString("base64")}`,
  });
  const local = await api<{ pk: string }>(server, "POST", "/api/v3/events/transports/", {
    name: `fault-bell-${suffix}`,
    mode: "local",
  });
  const matcher = await api<{ pk: string }>(server, "POST", "/api/v3/policies/event_matcher/", {
    name: `fault-match-${suffix}`,
    action: options.action,
  });
  const rule = await api<{ pk: string }>(server, "POST", "/api/v3/events/rules/", {
    name: `fault-rule-${suffix}`,
    transports: [webhook.pk, local.pk],
    destination_group: group.pk,
    severity: "warning",
  });
  await api(server, "POST", "/api/v3/policies/bindings/", { target: rule.pk, policy: matcher.pk, order: 0 });
  return { action: options.action, group: group.pk, members, webhook: webhook.pk, local: local.pk };
}

/** Posts `count` events of `action` through the bulk API, `batch` per request; returns their pks (all accepted). */
export async function postEventsInBulk(
  server: TServerRef,
  action: string,
  count: number,
  batch = 250,
): Promise<string[]> {
  const pks: string[] = [];
  for (let start = 0; start < count; start += batch) {
    const items = Array.from({ length: Math.min(batch, count - start) }, (_, offset) => ({
      pk: randomUUID(),
      action,
      app: "herald.faults",
      context: { index: start + offset },
    }));
    const result = await api<{ created: number }>(server, "POST", "/api/v3/events/events/bulk/", items);
    if (result.created !== items.length) throw new Error(`${result.created} of ${items.length} events were accepted`);
    pks.push(...items.map((item) => item.pk));
  }
  return pks;
}

export type TDispatchCounts = {
  events: number;
  /** Deliveries of the rule's transports by status, e.g. { delivered: 1990, sending: 10 }. */
  webhook: Record<string, number>;
  bell: Record<string, number>;
  notifications: number;
  /** Distinct (event, user) among the bell notifications: equal to `notifications` when none is doubled. */
  distinctNotifications: number;
};

/** What dispatch has done so far for the events of `action`, read from the database. */
export async function dispatchCounts(sql: postgres.Sql, rule: TNotifyingRule): Promise<TDispatchCounts> {
  const [{ events }] = await sql<{ events: number }[]>`
    select count(*)::int as events from events where action = ${rule.action}`;
  const byStatus = await sql<{ transport: string; status: string; n: number }[]>`
    select d.transport, d.status, count(*)::int as n
      from deliveries d join events e on e.event_uuid = d.event
     where e.action = ${rule.action} group by d.transport, d.status`;
  const [bell] = await sql<{ notifications: number; distinct_notifications: number }[]>`
    select count(*)::int as notifications, count(distinct (n.event, n."user"))::int as distinct_notifications
      from notifications n join events e on e.event_uuid = n.event where e.action = ${rule.action}`;
  const of = (transport: string) =>
    Object.fromEntries(byStatus.filter((row) => row.transport === transport).map((row) => [row.status, row.n]));
  return {
    events,
    webhook: of(rule.webhook),
    bell: of(rule.local),
    notifications: bell.notifications,
    distinctNotifications: bell.distinct_notifications,
  };
}

/** The webhook-id of every delivery through `transport` for the events of `action`. */
export async function webhookIdsOf(sql: postgres.Sql, rule: TNotifyingRule): Promise<string[]> {
  const rows = await sql<{ webhook_id: string }[]>`
    select d.webhook_id from deliveries d join events e on e.event_uuid = d.event
     where e.action = ${rule.action} and d.transport = ${rule.webhook}`;
  return rows.map((row) => row.webhook_id);
}

/** How often each webhook-id arrived. */
export function countWebhookIds(requests: { headers: Record<string, string | string[] | undefined> }[]) {
  const counts = new Map<string, number>();
  for (const request of requests) {
    const id = String(request.headers["webhook-id"] ?? "");
    counts.set(id, (counts.get(id) ?? 0) + 1);
  }
  return counts;
}

/** Polls `probe` every `intervalMs` until it returns true; returns the ms it took; throws after `timeoutMs`. */
export async function timeUntil(
  probe: () => Promise<boolean>,
  what: string,
  options: { timeoutMs: number; intervalMs?: number; since?: number },
): Promise<number> {
  const since = options.since ?? performance.now();
  for (;;) {
    if (await probe()) return performance.now() - since;
    if (performance.now() - since > options.timeoutMs) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, options.intervalMs ?? 100));
  }
}

export const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

// ---------------------------------------------------------------------------------------------
// A separate worker process

export type TWorkerProcess = { child: ChildProcess; output(): string; stop(): Promise<void>; kill(): Promise<void> };

const workers = new Set<ChildProcess>();
process.on("exit", () => {
  for (const child of workers) if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
});

/** `npm run worker` (scripts/worker.ts) on `databaseUrl`, as one process; resolves once it works the queues. */
export async function startWorkerProcess(
  databaseUrl: string,
  env: Record<string, string> = {},
): Promise<TWorkerProcess> {
  const child = spawn(
    process.execPath,
    ["--require", "./scripts/server-context.cjs", "--import", "tsx", "scripts/worker.ts"],
    {
      cwd: ROOT,
      env: { ...process.env, DATABASE_URL: databaseUrl, HERALD_LOG_LEVEL: "warn", ...DISPATCH_ENV, ...env },
      stdio: ["ignore", "pipe", "pipe"],
    },
  );
  workers.add(child);
  let output = "";
  const exited = new Promise<void>((resolve) =>
    child.once("exit", () => {
      workers.delete(child);
      resolve();
    }),
  );
  const running = new Promise<void>((resolve, reject) => {
    const record = (chunk: Buffer) => {
      output = (output + chunk.toString()).slice(-100_000);
      if (output.includes("Herald worker running")) resolve();
    };
    child.stdout?.on("data", record);
    child.stderr?.on("data", record);
    void exited.then(() => reject(new Error(`the worker exited before it ran:\n${output.slice(-3000)}`)));
  });
  const timeout = setTimeout(() => child.kill("SIGKILL"), 120_000);
  try {
    await running;
  } finally {
    clearTimeout(timeout);
  }
  return {
    child,
    output: () => output,
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill("SIGTERM");
      const timer = setTimeout(() => child.kill("SIGKILL"), 15_000);
      await exited;
      clearTimeout(timer);
    },
    async kill() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill("SIGKILL");
      await exited;
    },
  };
}
