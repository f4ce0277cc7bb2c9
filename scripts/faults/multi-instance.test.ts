/**
 * Two Herald servers and a separate `npm run worker` on one PostgreSQL database, events posted to
 * both servers at once. One server works the queues in-process (HERALD_WORKER defaults to "on"),
 * the other only accepts and enqueues (HERALD_WORKER=off), so its events are dispatched by the
 * first server and the worker, which compete for every job: no bell notification is written twice,
 * and in normal operation (no crash, healthy receiver) every webhook delivery is sent exactly once.
 */
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import postgres from "postgres";
import { startHttpReceiver, type THttpReceiver } from "../../lib/testing/receivers";
import {
  countWebhookIds,
  createNotifyingRule,
  DISPATCH_ENV,
  dispatchCounts,
  FAULTS_POSTGRES_URL,
  postEventsInBulk,
  seconds,
  startWorkerProcess,
  type TWorkerProcess,
  timeUntil,
  webhookIdsOf,
} from "./dispatch-helpers";
import { createThrowawayDatabase, startHerald, type THeraldServer, type TThrowawayDatabase } from "./helpers";

/** Per server; both servers get this many. */
const EVENTS_PER_SERVER = 500;
const MEMBERS = 2;
const EXPECTED = 2 * EVENTS_PER_SERVER * MEMBERS;

let database: TThrowawayDatabase;
let sql: postgres.Sql;
let receiver: THttpReceiver;
const servers: THeraldServer[] = [];
let worker: TWorkerProcess | undefined;

before(async () => {
  database = await createThrowawayDatabase(FAULTS_POSTGRES_URL);
  sql = postgres(database.url, { max: 2, onnotice: () => {} });
  // A little latency, so each worker holds many requests at once and all three compete for the jobs.
  receiver = await startHttpReceiver(() => ({ status: 200, body: "ok", delayMs: 20 }));
});

after(async () => {
  await worker?.stop();
  for (const server of servers) await server.stop();
  await receiver?.close();
  await sql?.end({ timeout: 5 });
  await database?.drop();
});

test("two servers and a worker on one database: no duplicate bell rows, each webhook delivery sent once", async () => {
  // The first server migrates the new database and creates the admin; the others start on it together.
  servers.push(await startHerald({ databaseUrl: database.url, env: DISPATCH_ENV }));
  const [second, separate] = await Promise.all([
    startHerald({ databaseUrl: database.url, env: { ...DISPATCH_ENV, HERALD_WORKER: "off" } }),
    startWorkerProcess(database.url),
  ]);
  servers.push(second);
  worker = separate;
  const [{ workers }] = await sql<{ workers: number }[]>`
    select count(*)::int as workers from pg_stat_activity
     where datname = current_database() and application_name = 'herald-worker'`;
  assert.equal(workers, 2, "the first server and the worker hold a worker identity; the HERALD_WORKER=off one none");

  const rule = await createNotifyingRule(servers[0], {
    action: "custom_fault_multi",
    webhookUrl: receiver.url,
    members: MEMBERS,
  });
  const posted = performance.now();
  // Both servers accept at once, in bulk requests of 100.
  await Promise.all(servers.map((server) => postEventsInBulk(server, rule.action, EVENTS_PER_SERVER, 100)));
  const acceptedMs = performance.now() - posted;
  const allMs = await timeUntil(
    async () => {
      const counts = await dispatchCounts(sql, rule);
      return counts.webhook.delivered === EXPECTED && counts.bell.delivered === EXPECTED;
    },
    "every delivery",
    { timeoutMs: 90_000, since: posted },
  );
  await new Promise((resolve) => setTimeout(resolve, 1500)); // a late duplicate would show now

  const final = await dispatchCounts(sql, rule);
  const arrivals = countWebhookIds(receiver.requests);
  const webhookIds = await webhookIdsOf(sql, rule);
  const [{ maxAttempts }] = await sql<{ maxAttempts: number }[]>`
    select max(attempts)::int as "maxAttempts" from deliveries d join events e on e.event_uuid = d.event
     where e.action = ${rule.action}`;
  console.log(
    `${2 * EVENTS_PER_SERVER} events accepted by two servers in ${seconds(acceptedMs)}; all ` +
      `${EXPECTED} webhook and ${EXPECTED} bell deliveries done ${seconds(allMs)} after the first post; ` +
      `${receiver.requests.length} webhook requests, ${arrivals.size} distinct webhook-ids; ` +
      `${final.notifications} bell notifications (${final.distinctNotifications} distinct)`,
  );
  assert.equal(final.events, 2 * EVENTS_PER_SERVER);
  assert.deepEqual(final.bell, { delivered: EXPECTED });
  assert.equal(final.notifications, EXPECTED, "one bell notification per event and member");
  assert.equal(final.distinctNotifications, EXPECTED, "no duplicate bell rows");
  assert.deepEqual(final.webhook, { delivered: EXPECTED });
  assert.equal(maxAttempts, 1, "no delivery needed a second attempt");
  assert.equal(receiver.requests.length, EXPECTED, "each webhook delivery sent once");
  assert.deepEqual([...arrivals.keys()].sort(), [...webhookIds].sort(), "each with its own webhook-id");
});
