/**
 * SIGKILL of the server while 1,000 accepted events are being dispatched, then a restart on the
 * same PostgreSQL database: every event stays stored, every bell notification exists exactly once,
 * every webhook delivery arrives at least once (a request in flight at the kill may arrive twice,
 * with the same `webhook-id`), and the deliveries the dead server had claimed settle within
 * seconds of the restart — its worker lock went with its connections, so its claims are taken back
 * without waiting for the claim timeout (left at its 120 s default).
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
  INTERRUPTED_ATTEMPT_PREFIX,
  postEventsInBulk,
  seconds,
  timeUntil,
  webhookIdsOf,
} from "./dispatch-helpers";
import { createThrowawayDatabase, startHerald, type THeraldServer, type TThrowawayDatabase } from "./helpers";

const EVENTS = 1000;
const MEMBERS = 2;
const EXPECTED = EVENTS * MEMBERS;
/** The receiver answers after this long, so the kill finds many requests in flight. */
const RECEIVER_DELAY_MS = 100;
/**
 * Stranded deliveries must settle this soon after the restarted server is ready: taken back at
 * once, they are then sent after the ~1,000 deliveries queued before them (on this 2-core machine
 * under load that took 5–9 s), far below the 120 s claim timeout.
 */
const STRANDED_LIMIT_MS = 20_000;

let database: TThrowawayDatabase;
let sql: postgres.Sql;
let receiver: THttpReceiver;
const servers: THeraldServer[] = [];

before(async () => {
  database = await createThrowawayDatabase(FAULTS_POSTGRES_URL);
  sql = postgres(database.url, { max: 2, onnotice: () => {} });
  receiver = await startHttpReceiver(() => ({ status: 200, body: "ok", delayMs: RECEIVER_DELAY_MS }));
});

after(async () => {
  for (const server of servers) await server.kill();
  await receiver?.close();
  await sql?.end({ timeout: 5 });
  await database?.drop();
});

test("SIGKILL while 1,000 accepted events are dispatched: after a restart nothing is lost or doubled, and stranded deliveries settle within seconds", async () => {
  const start = async () => {
    const server = await startHerald({ databaseUrl: database.url, env: DISPATCH_ENV });
    servers.push(server);
    return server;
  };
  const first = await start();
  const rule = await createNotifyingRule(first, {
    action: "custom_fault_crash",
    webhookUrl: receiver.url,
    members: MEMBERS,
  });
  const posted = performance.now();
  const pks = await postEventsInBulk(first, rule.action, EVENTS);
  const acceptedMs = performance.now() - posted;

  // Kill once deliveries are flowing, with most of them still to go.
  await timeUntil(async () => receiver.requests.length >= EXPECTED * 0.15, "the first webhook deliveries", {
    timeoutMs: 60_000,
    intervalMs: 10,
  });
  await first.kill();
  const atKill = await dispatchCounts(sql, rule);
  const stranded = await sql<{ uuid: string }[]>`
    select d.uuid from deliveries d join events e on e.event_uuid = d.event
     where e.action = ${rule.action} and d.status = 'sending'`;
  const [{ dispatching }] = await sql<{ dispatching: number }[]>`
    select count(*)::int as dispatching from pgboss.job
     where name = 'herald-dispatch' and state::text in ('created', 'retry', 'active')`;
  // Events whose dispatch had not been planned yet: their jobs come back through pg-boss's own
  // supervision (a job no longer heart-beating is failed and retried), not through the reclaim.
  const [{ unplanned }] = await sql<{ unplanned: number }[]>`
    select count(*)::int as unplanned from events e
     where e.action = ${rule.action} and not exists (select 1 from rule_decisions r where r.event = e.event_uuid)`;
  const requestsAtKill = receiver.requests.length;
  console.log(
    `accepted ${EVENTS} events in ${seconds(acceptedMs)}; killed after ${requestsAtKill} webhook requests: ` +
      `webhook deliveries ${JSON.stringify(atKill.webhook)}, bell ${JSON.stringify(atKill.bell)}, ` +
      `${dispatching} dispatch jobs unfinished (${unplanned} events not planned yet), ` +
      `${stranded.length} deliveries stranded in 'sending'`,
  );
  assert.ok(requestsAtKill < EXPECTED, "killed before every webhook was sent");

  const restarted = performance.now();
  const restartedAt = new Date();
  const second = await start();
  const readyMs = performance.now() - restarted;
  const strandedUuids = stranded.map((row) => row.uuid);
  const strandedMs = await timeUntil(
    async () =>
      strandedUuids.length === 0 ||
      (
        await sql<{ open: number }[]>`
          select count(*)::int as open from deliveries where uuid = any(${strandedUuids}::uuid[]) and status <> 'delivered'`
      )[0].open === 0,
    "the stranded deliveries",
    { timeoutMs: 90_000, since: restarted },
  );
  const allMs = await timeUntil(
    async () => {
      const counts = await dispatchCounts(sql, rule);
      return counts.webhook.delivered === EXPECTED && counts.bell.delivered === EXPECTED;
    },
    "every delivery",
    { timeoutMs: 90_000, since: restarted },
  );
  await new Promise((resolve) => setTimeout(resolve, 1000)); // a late duplicate would show now
  // When the claims were taken back: each reclaim wrote a ledger row ending at that moment. Sending
  // them again then waits its turn behind the deliveries still queued from before the kill.
  const [{ reclaimed, reclaimedMs }] = await sql<{ reclaimed: number; reclaimedMs: number | null }[]>`
    select count(*)::int as reclaimed,
           (extract(epoch from max(a.started_at + a.duration_ms * interval '1 millisecond') - ${restartedAt}::timestamptz) * 1000)::float as "reclaimedMs"
      from delivery_attempts a where a.delivery = any(${strandedUuids}::uuid[]) and a.error like ${`${INTERRUPTED_ATTEMPT_PREFIX}%`}`;
  const [jobWait] = await sql<{ jobs: number; first: number; last: number }[]>`
    select count(*)::int as jobs,
           min(extract(epoch from started_on - created_on))::float as first,
           max(extract(epoch from started_on - created_on))::float as last
      from pgboss.job where name = 'herald-deliver' and created_on > ${restartedAt}::timestamptz
       and data->>'delivery' = any(${strandedUuids}::text[])`;
  const final = await dispatchCounts(sql, rule);
  const arrivals = countWebhookIds(receiver.requests);
  const webhookIds = await webhookIdsOf(sql, rule);
  const known = new Set(webhookIds);
  const repeated = [...arrivals.values()].filter((count) => count > 1).length;
  console.log(
    `restart: ready after ${seconds(readyMs)}; ${reclaimed} stranded claims taken back ${seconds(reclaimedMs ?? Number.NaN)} ` +
      `after the restart (${seconds((reclaimedMs ?? Number.NaN) - readyMs)} after ready), their ${jobWait.jobs} new jobs fetched ` +
      `${jobWait.first?.toFixed(1)}–${jobWait.last?.toFixed(1)} s after being queued; the ${stranded.length} stranded deliveries settled ` +
      `${seconds(strandedMs)} after the restart (${seconds(strandedMs - readyMs)} after ready); every delivery done ` +
      `${seconds(allMs)} after the restart; ${receiver.requests.length} webhook requests for ${EXPECTED} deliveries ` +
      `(${repeated} webhook-ids arrived twice or more); ${final.notifications} bell notifications`,
  );

  const [{ stored }] = await sql<{ stored: number }[]>`
    select count(*)::int as stored from events where event_uuid = any(${pks}::uuid[])`;
  assert.equal(stored, EVENTS, "every accepted event is stored");
  assert.deepEqual(final.bell, { delivered: EXPECTED });
  assert.equal(final.notifications, EXPECTED, "one bell notification per event and member");
  assert.equal(final.distinctNotifications, EXPECTED, "none twice");
  assert.deepEqual(final.webhook, { delivered: EXPECTED });
  assert.equal(known.size, EXPECTED, "one webhook-id per delivery");
  assert.deepEqual(
    webhookIds.filter((id) => !arrivals.has(id)),
    [],
    "every webhook delivery arrived at least once",
  );
  assert.deepEqual(
    [...arrivals.keys()].filter((id) => !known.has(id)),
    [],
    "no request without its delivery's webhook-id",
  );
  assert.equal(reclaimed, stranded.length, "every stranded claim was taken back (none waited for the claim timeout)");
  assert.ok(
    strandedMs - readyMs < STRANDED_LIMIT_MS,
    `stranded deliveries settled ${seconds(strandedMs - readyMs)} after the server was ready`,
  );
  await second.stop();
});
