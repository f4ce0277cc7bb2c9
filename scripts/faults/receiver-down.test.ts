/**
 * A webhook receiver that stays down past the whole retry schedule (HERALD_DELIVERY_RETRY_SCHEDULE
 * "1s,1s": three attempts): every delivery to it is dead-lettered, the bell is not held up by it,
 * and once the receiver is back one replay through the API
 * (POST /api/v3/events/deliveries/replay_dead/) delivers every one of them, each exactly once.
 */
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import postgres from "postgres";
import {
  api,
  countWebhookIds,
  createNotifyingRule,
  DISPATCH_ENV,
  dispatchCounts,
  FAULTS_POSTGRES_URL,
  postEventsInBulk,
  seconds,
  timeUntil,
  webhookIdsOf,
} from "./dispatch-helpers";
import {
  createThrowawayDatabase,
  startHerald,
  startWebhookReceiver,
  type THeraldServer,
  type TThrowawayDatabase,
  type TWebhookReceiver,
} from "./helpers";

const EVENTS = 200;
const MEMBERS = 2;
const EXPECTED = EVENTS * MEMBERS;
const ATTEMPTS = 3;

let database: TThrowawayDatabase;
let sql: postgres.Sql;
let receiver: TWebhookReceiver;
let server: THeraldServer | undefined;

before(async () => {
  database = await createThrowawayDatabase(FAULTS_POSTGRES_URL);
  sql = postgres(database.url, { max: 2, onnotice: () => {} });
  receiver = await startWebhookReceiver();
});

after(async () => {
  await server?.stop();
  await receiver?.stop();
  await sql?.end({ timeout: 5 });
  await database?.drop();
});

test("a receiver down past the retry schedule: deliveries go dead, and a replay delivers them all once it is back", async () => {
  server = await startHerald({
    databaseUrl: database.url,
    env: { ...DISPATCH_ENV, HERALD_DELIVERY_RETRY_SCHEDULE: "1s,1s" },
  });
  const rule = await createNotifyingRule(server, {
    action: "custom_fault_receiver_down",
    webhookUrl: receiver.url,
    members: MEMBERS,
  });
  await receiver.stop(); // nothing listens on its port now: connection refused

  const posted = performance.now();
  await postEventsInBulk(server, rule.action, EVENTS);
  const deadMs = await timeUntil(
    async () => (await dispatchCounts(sql, rule)).webhook.dead === EXPECTED,
    "the dead letters",
    {
      timeoutMs: 60_000,
      intervalMs: 200,
      since: posted,
    },
  );
  const atDead = await dispatchCounts(sql, rule);
  const [attempts] = await sql<{ min: number; max: number; ledger: number; failed: number }[]>`
    select min(d.attempts)::int as min, max(d.attempts)::int as max,
           (select count(*)::int from delivery_attempts a join deliveries x on x.uuid = a.delivery where x.transport = ${rule.webhook}) as ledger,
           (select count(*)::int from delivery_attempts a join deliveries x on x.uuid = a.delivery where x.transport = ${rule.webhook} and not a.ok) as failed
      from deliveries d where d.transport = ${rule.webhook}`;
  const waves = await sql<{ attempt: number; first: number; last: number }[]>`
    select a.attempt, round(extract(epoch from min(a.started_at) - ${new Date(Date.now() - deadMs)}::timestamptz)::numeric, 1)::float as first,
           round(extract(epoch from max(a.started_at) - ${new Date(Date.now() - deadMs)}::timestamptz)::numeric, 1)::float as last
      from delivery_attempts a join deliveries d on d.uuid = a.delivery
     where d.transport = ${rule.webhook} group by a.attempt order by a.attempt`;
  console.log(
    `attempts (s after posting, first–last): ${waves.map((w) => `#${w.attempt} ${w.first}–${w.last}`).join(", ")}`,
  );
  console.log(
    `receiver down: all ${EXPECTED} webhook deliveries dead ${seconds(deadMs)} after the events were posted ` +
      `(${attempts.ledger} attempts, all failed: ${attempts.failed === attempts.ledger}); bell ${JSON.stringify(atDead.bell)}`,
  );
  assert.deepEqual(atDead.webhook, { dead: EXPECTED });
  assert.deepEqual([attempts.min, attempts.max], [ATTEMPTS, ATTEMPTS], "the whole schedule was tried");
  assert.equal(attempts.ledger, EXPECTED * ATTEMPTS);
  assert.equal(attempts.failed, EXPECTED * ATTEMPTS);
  assert.deepEqual(atDead.bell, { delivered: EXPECTED }, "the bell was not held up by the dead receiver");
  assert.equal(receiver.received.length, 0);

  await receiver.start();
  const replayed = performance.now();
  const answer = await api<{ replayed: number }>(server, "POST", "/api/v3/events/deliveries/replay_dead/", {
    transport: rule.webhook,
  });
  assert.equal(answer.replayed, EXPECTED);
  const deliveredMs = await timeUntil(
    async () => (await dispatchCounts(sql, rule)).webhook.delivered === EXPECTED,
    "the replayed deliveries",
    { timeoutMs: 60_000, intervalMs: 100, since: replayed },
  );
  await new Promise((resolve) => setTimeout(resolve, 1000)); // a late duplicate would show now
  const arrivals = countWebhookIds(receiver.received);
  const webhookIds = await webhookIdsOf(sql, rule);
  console.log(
    `replay: ${answer.replayed} replayed, all delivered ${seconds(deliveredMs)} later; ` +
      `${receiver.received.length} requests, ${arrivals.size} distinct webhook-ids`,
  );
  assert.deepEqual((await dispatchCounts(sql, rule)).webhook, { delivered: EXPECTED });
  assert.equal(receiver.received.length, EXPECTED, "each replayed delivery sent once");
  assert.deepEqual([...arrivals.keys()].sort(), [...webhookIds].sort(), "with its own webhook-id");
  const [{ replayAttempt }] = await sql<{ replayAttempt: number }[]>`
    select count(*)::int as "replayAttempt" from delivery_attempts a join deliveries d on d.uuid = a.delivery
     where d.transport = ${rule.webhook} and a.attempt = ${ATTEMPTS + 1} and a.ok`;
  assert.equal(replayAttempt, EXPECTED, "the replay is the fourth attempt of each, and it succeeded");
});
