import { randomUUID } from "node:crypto";
import type postgres from "postgres";
import { percentile, round, type TBenchResult, throughput, timeRuns } from "./measure";
import { callApi, type TBenchServer } from "./server";

type TBackend = TBenchResult["backend"];

const USERS = 5000;

/** One API request body (authentik's EventRequest) and the row a raw INSERT writes for it. */
function eventRequest(index: number) {
  const city = [
    { country: "DE", city: "Berlin", continent: "EU", lat: 52.52, long: 13.4 },
    { country: "US", city: "New York", continent: "NA", lat: 40.71, long: -74 },
    { country: "JP", city: "Tokyo", continent: "AS", lat: 35.68, long: 139.69 },
  ][index % 3];
  return {
    action: index % 10 === 0 ? "login_failed" : "login",
    app: "bench.ingest",
    client_ip: `198.51.100.${index % 250}`,
    user: { pk: index % USERS, username: `user${index % USERS}`, email: `user${index % USERS}@example.com` },
    context: {
      auth_method: "password",
      http_request: {
        path: "/api/v3/flows/executor/default-authentication-flow/",
        method: "POST",
        user_agent: "Mozilla/5.0 (X11; Linux x86_64)",
      },
      geo: city,
    },
  };
}

type TEventRequest = ReturnType<typeof eventRequest>;

function rawRow(request: TEventRequest) {
  const created = new Date();
  return {
    event_uuid: randomUUID(),
    user: request.user,
    action: request.action,
    app: request.app,
    context: request.context,
    client_ip: request.client_ip,
    created,
    expires: new Date(created.getTime() + 365 * 24 * 3600 * 1000),
    brand: {},
    geo_lat: request.context.geo.lat,
    geo_long: request.context.geo.long,
    geo_country: request.context.geo.country,
  };
}

const COLUMNS = [
  "event_uuid",
  "user",
  "action",
  "app",
  "context",
  "client_ip",
  "created",
  "expires",
  "brand",
  "geo_lat",
  "geo_long",
  "geo_country",
] as const;

/**
 * The event-log suite: read latencies of the API the admin UI calls (list with filters, volume,
 * map), each beside the latency of a trivial request in the same run, and ingest throughput of the
 * single and bulk endpoints as ratios to raw postgres.js INSERTs of the same rows.
 */
export async function runEventsSuite(options: {
  server: TBenchServer;
  backend: TBackend;
  raw: postgres.Sql | null;
  runs: number;
  log: (line: string) => void;
}): Promise<TBenchResult[]> {
  const { server, backend, raw, runs, log } = options;
  const results: TBenchResult[] = [];

  const baseline = await timeRuns(() => callApi(server, "GET", "/-/health/live/", undefined, { parse: false }), runs);
  const baselineP95 = percentile(baseline, 95);
  const latency = async (name: string, paths: string[], targetMs: number | null) => {
    log(`measuring ${name} …`);
    const samples = await timeRuns(
      (i) => callApi(server, "GET", paths[i % paths.length], undefined, { parse: false }),
      runs,
    );
    for (const p of [50, 95] as const) {
      const value = percentile(samples, p);
      const goal = p === 95 && targetMs !== null ? targetMs : null;
      results.push({
        name: `${name} p${p}`,
        value: round(value),
        unit: "ms",
        baseline: round(percentile(baseline, p)),
        ratio: round(value / percentile(baseline, p)),
        target: goal === null ? null : `p95 ≤ ${goal} ms`,
        met: goal === null ? null : value <= goal,
        backend,
      });
    }
  };
  const users = Array.from({ length: 20 }, (_, i) => `user${(i * 251) % USERS}`);
  await latency(
    "event list, page of 20, filtered by actions",
    ["login_failed", "model_updated", "authorize_application", "token_view"].map(
      (action) => `/api/v3/events/events/?actions=${action}&page_size=20&ordering=-created`,
    ),
    50,
  );
  await latency(
    "event list, page of 20, filtered by username",
    users.map((user) => `/api/v3/events/events/?username=${user}&page_size=20`),
    50,
  );
  await latency(
    "event list, page of 20, free-text search",
    users.map((user) => `/api/v3/events/events/?search=${user}%40example&page_size=20`),
    50,
  );
  await latency("event list, first page, no filter", ["/api/v3/events/events/?page_size=20"], 50);
  await latency("event volume, 30 days, all actions", ["/api/v3/events/events/volume/?history_days=30"], 150);
  await latency(
    "event volume, 30 days, filtered by actions",
    ["/api/v3/events/events/volume/?history_days=30&actions=login_failed"],
    150,
  );
  await latency("event map aggregation, whole log", ["/api/v3/events/events/map/?zoom=2"], null);
  await latency(
    "event map aggregation, filtered by actions",
    ["/api/v3/events/events/map/?zoom=2&actions=login_failed"],
    null,
  );
  log(`(baseline: GET /-/health/live/ p95 ${baselineP95.toFixed(2)} ms)`);

  if (!raw) {
    log("ingest ratios need PostgreSQL (the raw baseline inserts through postgres.js): skipped on PGlite");
    return results;
  }

  // Single-event ingest: the same concurrency against the API and against raw single-row INSERTs.
  const singles = Number(process.env.BENCH_INGEST_EVENTS || 3000);
  const concurrency = 16;
  log(`measuring single-event ingest (${singles} events, ${concurrency} concurrent clients) …`);
  const singleRequests = Array.from({ length: singles }, (_, i) => eventRequest(i));
  await throughput(200, concurrency, (i) =>
    callApi(server, "POST", "/api/v3/events/events/", eventRequest(i), { parse: false }),
  );
  const rawSingle = await throughput(
    singles,
    concurrency,
    (i) => raw`insert into events ${raw(rawRow(singleRequests[i]), ...COLUMNS)}`,
  );
  const apiSingle = await throughput(singles, concurrency, (i) =>
    callApi(server, "POST", "/api/v3/events/events/", singleRequests[i], { parse: false }),
  );
  results.push({
    name: "single-event API ingest vs raw INSERT",
    value: round(apiSingle, 0),
    unit: "events/s",
    baseline: round(rawSingle, 0),
    ratio: round(apiSingle / rawSingle),
    target: "ratio ≥ 0.5",
    met: apiSingle / rawSingle >= 0.5,
    backend,
  });

  // Bulk ingest: 1,000 events per request vs one multi-row INSERT of the same 1,000 rows.
  const batches = Number(process.env.BENCH_BULK_BATCHES || 10);
  log(`measuring bulk ingest (${batches} × 1,000 events) …`);
  const bulkBodies = Array.from({ length: batches }, (_, b) =>
    Array.from({ length: 1000 }, (_, i) => eventRequest(b * 1000 + i)),
  );
  await callApi(
    server,
    "POST",
    "/api/v3/events/events/bulk/",
    Array.from({ length: 1000 }, (_, i) => eventRequest(i)),
    { parse: false },
  );
  const rawBulk = await throughput(
    batches,
    1,
    (b) => raw`insert into events ${raw(bulkBodies[b].map(rawRow), ...COLUMNS)}`,
  );
  const apiBulk = await throughput(batches, 1, (b) =>
    callApi(server, "POST", "/api/v3/events/events/bulk/", bulkBodies[b], { parse: false }),
  );
  results.push({
    name: "bulk API ingest (1,000/request) vs raw multi-row INSERT",
    value: round(apiBulk * 1000, 0),
    unit: "events/s",
    baseline: round(rawBulk * 1000, 0),
    ratio: round(apiBulk / rawBulk),
    target: "ratio ≥ 0.8",
    met: apiBulk / rawBulk >= 0.8,
    backend,
  });
  return results;
}
