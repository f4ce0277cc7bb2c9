import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import path from "node:path";
import { after, describe, it } from "node:test";
import { runExpression } from "./run-expression";
import { runInPool } from "./run-in-pool";
import type { SandboxPool } from "./sandbox-pool";
import { createSandboxPool } from "./shared-sandbox-pool";

const ROOT = path.resolve(__dirname, "../..");

/** Runs `work` while a 10 ms interval timer measures how late the main event loop lets it fire. */
async function worstTimerDelay(work: () => Promise<unknown>): Promise<number> {
  let worst = 0;
  let expected = performance.now() + 10;
  const timer = setInterval(() => {
    const now = performance.now();
    worst = Math.max(worst, now - expected);
    expected = now + 10;
  }, 10);
  try {
    await work();
  } finally {
    clearInterval(timer);
  }
  // A stall right before `work` settles shows only here: its continuation runs before any timer.
  return Math.max(worst, performance.now() - expected);
}

const pools: SandboxPool[] = [];
function pool(options: Parameters<typeof createSandboxPool>[0]): SandboxPool {
  const created = createSandboxPool(options);
  pools.push(created);
  return created;
}
after(async () => {
  await Promise.all(pools.map((created) => created.close()));
});

describe("sandbox threads", () => {
  it("runaway expressions in parallel runs do not hold the main event loop", async () => {
    await runExpression({ source: "return 1", globals: {} });
    const results: Awaited<ReturnType<typeof runExpression>>[] = [];
    const delay = await worstTimerDelay(async () => {
      const runs = Array.from({ length: 4 }, () =>
        runExpression({ source: "for (;;) {}", globals: {}, timeoutMs: 1500 }),
      );
      results.push(...(await Promise.all(runs)));
    });
    assert.deepEqual(
      results.map((result) => !result.ok && result.kind),
      ["timeout", "timeout", "timeout", "timeout"],
    );
    // On the event loop each run would block it for 1.5 s; on threads only scheduling noise remains.
    assert.ok(delay < 400, `a 10 ms timer fired up to ${delay.toFixed(0)} ms late`);
  });

  it("terminates a thread that does not answer by the hard deadline, and a new thread takes over", async () => {
    const single = pool({ threads: 1, graceMs: 200 });
    const started = performance.now();
    const stalled = await single.submit({ op: "fault", mode: "stall", ms: 10_000, timeoutMs: 100, memoryBytes: 0 });
    const ms = performance.now() - started;
    assert.deepEqual([stalled.ok, !stalled.ok && stalled.kind], [false, "timeout"]);
    assert.ok(ms < 2000, `answered after ${ms.toFixed(0)} ms`);
    assert.equal(single.replaced, 1);
    const later = await runInPool(single, { source: "return 40 + 2", globals: {} });
    assert.deepEqual(later.ok && later.value, 42);
    const timedOut = await runInPool(single, { source: "for (;;) {}", globals: {}, timeoutMs: 50 });
    assert.equal(!timedOut.ok && timedOut.error, "TimeoutError: expression exceeded 50 ms");
  });

  it("a thread that dies fails only the run it was working on", async () => {
    const two = pool({ threads: 2 });
    const [died, fine] = await Promise.all([
      two.submit({ op: "fault", mode: "exit", ms: 0, timeoutMs: 1000, memoryBytes: 0 }),
      runInPool(two, { source: "return 'fine'", globals: {} }),
    ]);
    assert.equal(died.ok, false);
    assert.match(!died.ok ? died.error : "", /^InternalError: the sandbox thread stopped/);
    assert.equal(fine.ok && fine.value, "fine");
    for (let i = 0; i < 4; i++) {
      const result = await runInPool(two, { source: "return i * 2", globals: { i } });
      assert.equal(result.ok && result.value, i * 2);
    }
    assert.equal(two.replaced, 1);
  });

  it("enforces the memory budget on a thread while other runs go on", async () => {
    const two = pool({ threads: 2 });
    const [bomb, fine] = await Promise.all([
      runInPool(two, { source: "let s = []; for (;;) s.push('x'.repeat(1000));", globals: {}, timeoutMs: 5000 }),
      runInPool(two, { source: "return [1, 2, 3].length", globals: {} }),
    ]);
    assert.equal(!bomb.ok && bomb.kind, "memory");
    assert.equal(fine.ok && fine.value, 3);
    const recovered = await runInPool(two, { source: "return 'recovered'", globals: {} });
    assert.equal(recovered.ok && recovered.value, "recovered");
  });

  it("fails runs as busy once the queue in front of the threads is full, and serves the queued ones", async () => {
    const small = pool({ threads: 1, queueLimit: 2 });
    await runInPool(small, { source: "return 0", globals: {} });
    const blocking = small.submit({ op: "fault", mode: "stall", ms: 300, timeoutMs: 5000, memoryBytes: 0 });
    const queued = [1, 2].map((n) => runInPool(small, { source: "return n", globals: { n } }));
    const refused = await runInPool(small, { source: "return 3", globals: {} });
    assert.equal(!refused.ok && refused.kind, "busy");
    assert.match(!refused.ok ? refused.error : "", /^SandboxBusy: all 1 sandbox threads are taken and 2 expressions/);
    assert.equal((await blocking).ok, true);
    assert.deepEqual(
      (await Promise.all(queued)).map((result) => result.ok && result.value),
      [1, 2],
    );
    assert.deepEqual(small.stats(), { threads: 1, busy: 0, queued: 0 });
  });

  it("idle threads do not keep a process alive", () => {
    const script = `require("./lib/sandbox/run-expression.ts").runExpression({ source: "return 6 * 7", globals: {} })
      .then((result) => console.log("value", result.value));`;
    const child = spawnSync(
      process.execPath,
      ["--require", "./scripts/server-context.cjs", "--import", "tsx", "-e", script],
      { cwd: ROOT, encoding: "utf8", timeout: 30_000 },
    );
    assert.equal(child.signal, null, "the process had to be killed: a sandbox thread kept it alive");
    assert.equal(child.stdout.trim(), "value 42");
    assert.equal(child.status, 0, child.stderr);
  });
});
