import type { Db, TDbHandle } from "@/db/client";
import type { TEvent } from "@/db/schema";
import {
  bind,
  makeEvent,
  makeExpression,
  makeGroup,
  makeMatcher,
  makeRule,
  makeUser,
} from "@/lib/policies/test-fixtures";
import { evaluateEvent } from "@/lib/rules/evaluate-event";
import { round, type TBenchResult } from "./measure";

/**
 * Per-event rule evaluation with 10 vs 1,000 unrelated matcher rules (target ratio ≤ 2): what the
 * dispatch worker does per event — loop guard, candidate rules, bindings, evaluation — as a dry run.
 */
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
    const rule = await makeRule(db, { name: `bench-noise-${i}` });
    await bind(db, rule, {
      policy: (await makeMatcher(db, { matchAction: `custom_bench_other_${i}`, matchApp: "herald.core" })).policyUuid,
    });
  }
}

export async function runRulesSuite(
  handle: TDbHandle,
  backend: TBenchResult["backend"],
  log: (line: string) => void,
): Promise<TBenchResult[]> {
  const db = handle.db;
  const events = Number(process.env.BENCH_RULE_EVENTS || 400);
  log(`measuring rule evaluation cost (${events} events, 10 then 1,000 unrelated rules) …`);
  const ops = await makeGroup(db);
  const user = await makeUser(db, { groups: [ops.uuid] });
  // The rules that matter for the measured events: a matcher, a group binding and an expression.
  await bind(db, await makeRule(db), {
    policy: (await makeMatcher(db, { matchAction: "login_failed", matchApp: "bench.rules" })).policyUuid,
  });
  await bind(db, await makeRule(db), { group: ops.uuid });
  await bind(db, await makeRule(db), {
    policy: (await makeExpression(db, "return request.context.event.client_ip === '192.0.2.9'")).policyUuid,
  });
  const sample: TEvent[] = [];
  for (let i = 0; i < events; i++) {
    sample.push(
      await makeEvent(db, {
        action: i % 2 ? "login_failed" : "login",
        app: "bench.rules",
        user: { pk: user.id, username: user.username },
        clientIp: "192.0.2.9",
      }),
    );
  }
  await addNoise(db, 0, 10);
  const small = await perEvent(db, sample);
  await addNoise(db, 10, 1000);
  await db.execute("analyze");
  const large = await perEvent(db, sample);
  if (small.fired !== large.fired) throw new Error("unrelated rules changed the outcome");
  const ratio = large.micros / small.micros;
  return [
    {
      name: "rule evaluation per event, 1,000 unrelated rules vs 10",
      value: round(large.micros / 1000, 3),
      unit: "ms/event",
      baseline: round(small.micros / 1000, 3),
      ratio: round(ratio),
      target: "ratio ≤ 2",
      met: ratio <= 2,
      backend,
    },
  ];
}
