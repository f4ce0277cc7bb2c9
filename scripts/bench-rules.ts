/**
 * Per-event rule evaluation cost with 10 vs 1,000 unrelated matcher rules (target ratio ≤ 2).
 * Per event: evaluateEvent = loop guard → candidate rules → one bindings query → evaluate each
 * candidate (dry run), as dispatch does.
 * Run: `npx tsx scripts/bench-rules.ts` (PGlite in memory; set DATABASE_URL for PostgreSQL too).
 */
import { randomBytes } from "node:crypto";
import postgres from "postgres";
import { openDatabase, type Db, type TDbHandle } from "@/db/client";
import type { TEvent } from "@/db/schema";
import { evaluateEvent } from "@/lib/policies/evaluate-event";
import { bind, makeEvent, makeExpression, makeGroup, makeMatcher, makeRule, makeUser } from "@/lib/policies/test-fixtures";

const EVENTS = Number(process.env.BENCH_EVENTS || 400);

async function perEvent(db: Db, events: TEvent[]): Promise<{ micros: number; fired: number }> {
  let fired = 0;
  const run = async (event: TEvent) => {
    const { decisions } = await evaluateEvent(db, event, { dryRun: true });
    fired += decisions.filter((decision) => decision.evaluation.passing).length;
  };
  for (const event of events.slice(0, 50)) await run(event);
  fired = 0;
  const started = performance.now();
  for (const event of events) await run(event);
  return { micros: ((performance.now() - started) * 1000) / events.length, fired };
}

async function addNoise(db: Db, from: number, to: number): Promise<void> {
  for (let i = from; i < to; i++) {
    const rule = await makeRule(db, { name: `noise-${i}` });
    await bind(db, rule, { policy: (await makeMatcher(db, { matchAction: `custom_other_${i}`, matchApp: "herald.core" })).policyUuid });
  }
}

async function bench(name: string, handle: TDbHandle): Promise<number> {
  const db = handle.db;
  const ops = await makeGroup(db);
  const user = await makeUser(db, { groups: [ops.uuid] });
  // The rules that matter for the benchmark events: a matcher, a group binding and an expression.
  await bind(db, await makeRule(db), { policy: (await makeMatcher(db, { matchAction: "login_failed" })).policyUuid });
  await bind(db, await makeRule(db), { group: ops.uuid });
  await bind(db, await makeRule(db), { policy: (await makeExpression(db, "return event.client_ip === '192.0.2.9'")).policyUuid });
  const events: TEvent[] = [];
  for (let i = 0; i < EVENTS; i++) {
    events.push(await makeEvent(db, { action: i % 2 ? "login_failed" : "login", user: { pk: user.id, username: user.username }, clientIp: "192.0.2.9" }));
  }
  await addNoise(db, 0, 10);
  const small = await perEvent(db, events);
  await addNoise(db, 10, 1000);
  if (process.env.BENCH_ANALYZE) await db.execute("analyze");
  const large = await perEvent(db, events);
  const ratio = large.micros / small.micros;
  console.log(
    `${name}: ${small.micros.toFixed(0)} µs/event with 10 unrelated rules, ${large.micros.toFixed(0)} µs/event with 1,000 → ratio ${ratio.toFixed(2)} (target ≤ 2); rules fired ${small.fired} / ${large.fired}`,
  );
  if (small.fired !== large.fired) throw new Error("unrelated rules changed the outcome");
  return ratio;
}

async function main(): Promise<void> {
  const pglite = await openDatabase({ backend: "pglite" });
  const ratios = [await bench("pglite", pglite)];
  await pglite.close();
  const url = process.env.DATABASE_URL;
  if (url) {
    const dbName = `herald_bench_${randomBytes(4).toString("hex")}`;
    const admin = postgres(url, { max: 1, onnotice: () => {} });
    await admin.unsafe(`create database ${dbName}`);
    const target = new URL(url);
    target.pathname = `/${dbName}`;
    const handle = await openDatabase({ backend: "postgres", url: target.toString() });
    try {
      ratios.push(await bench("postgres", handle));
    } finally {
      await handle.close();
      await admin.unsafe(`drop database if exists ${dbName} with (force)`);
      await admin.end();
    }
  }
  process.exitCode = ratios.every((ratio) => ratio <= 2) ? 0 : 1;
}

void main();
