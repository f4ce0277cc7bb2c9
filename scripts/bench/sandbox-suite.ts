import { percentile, round, type TBenchResult } from "./measure";
import { callApi, type TBenchServer } from "./server";

/**
 * Containment of runaway expressions: /-/health/live/ latency while four expression policies that
 * never end (`for (;;) {}`, stopped by the 1 s CPU deadline) are tested over and over through the
 * API, against its idle latency in the same run (target: p99 ratio ≤ 2). Expressions run on
 * sandbox threads, so the server's event loop keeps answering.
 */
const RUNAWAY_RUNS = 4;
const WINDOW_MS = Number(process.env.BENCH_SANDBOX_WINDOW_MS || 8000);
/** Pause between health requests, so the sample covers the whole window evenly. */
const PACE_MS = 5;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function healthLatencies(server: TBenchServer, windowMs: number): Promise<number[]> {
  const samples: number[] = [];
  const end = performance.now() + windowMs;
  while (performance.now() < end) {
    const started = performance.now();
    await callApi(server, "GET", "/-/health/live/", undefined, { parse: false });
    samples.push(performance.now() - started);
    await sleep(PACE_MS);
  }
  return samples;
}

type TTestResult = { passing: boolean; log_messages: Array<{ attributes: { kind?: string } }> };

export async function runSandboxSuite(options: {
  server: TBenchServer;
  backend: TBenchResult["backend"];
  log: (line: string) => void;
}): Promise<TBenchResult[]> {
  const { server, backend, log } = options;
  const me = await callApi<{ user: { pk: number } }>(server, "GET", "/api/v3/core/users/me/");
  const policy = await callApi<{ pk: string }>(server, "POST", "/api/v3/policies/expression/", {
    name: `bench-runaway-${Date.now()}`,
    expression: "for (;;) {}",
  });
  const test = () =>
    callApi<TTestResult>(server, "POST", `/api/v3/policies/all/${policy.pk}/test/`, { user: me.user.pk, context: {} });
  // Warm-up: the health route, the test route and the sandbox threads.
  await healthLatencies(server, 1000);
  await Promise.all(Array.from({ length: RUNAWAY_RUNS }, test));

  log(`measuring /-/health/live/ for ${WINDOW_MS / 1000} s idle, then with ${RUNAWAY_RUNS} runaway expressions …`);
  const idle = await healthLatencies(server, WINDOW_MS);
  let stopping = false;
  let timedOut = 0;
  const loops = Array.from({ length: RUNAWAY_RUNS }, async () => {
    while (!stopping) {
      const result = await test();
      if (result.passing || result.log_messages.at(-1)?.attributes.kind !== "timeout")
        throw new Error(`the runaway expression did not time out: ${JSON.stringify(result)}`);
      timedOut++;
    }
  });
  await sleep(200);
  const loaded = await healthLatencies(server, WINDOW_MS);
  stopping = true;
  await Promise.all(loops);
  await callApi(server, "DELETE", `/api/v3/policies/all/${policy.pk}/`, undefined, { parse: false });
  log(`${timedOut} runaway runs timed out; ${idle.length} idle and ${loaded.length} loaded health samples`);

  const ratio = percentile(loaded, 99) / percentile(idle, 99);
  return [
    {
      name: `/-/health/live/ p99 while ${RUNAWAY_RUNS} runaway expressions run`,
      value: round(percentile(loaded, 99)),
      unit: "ms",
      baseline: round(percentile(idle, 99)),
      ratio: round(ratio),
      target: "ratio ≤ 2",
      met: ratio <= 2,
      backend,
    },
  ];
}
