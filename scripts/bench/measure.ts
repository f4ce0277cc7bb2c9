/** Small measuring helpers shared by the bench suites. */

export type TBenchResult = {
  name: string;
  value: number;
  unit: string;
  /** The same-run reference the value is compared with (null when the metric is absolute). */
  baseline: number | null;
  ratio: number | null;
  /** Human-readable goal, e.g. "p95 ≤ 50 ms" or "ratio ≥ 0.5". */
  target: string | null;
  met: boolean | null;
  backend: "postgres" | "pglite";
};

export function percentile(samples: number[], p: number): number {
  if (samples.length === 0) return Number.NaN;
  const sorted = [...samples].sort((a, b) => a - b);
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[rank];
}

/** Runs `fn` `warmup` times unmeasured, then `runs` times; returns each run's milliseconds. */
export async function timeRuns(fn: (index: number) => Promise<unknown>, runs: number, warmup = 5): Promise<number[]> {
  for (let i = 0; i < warmup; i++) await fn(i);
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    const started = performance.now();
    await fn(i);
    samples.push(performance.now() - started);
  }
  return samples;
}

/** Runs `total` jobs with `concurrency` workers pulling from a shared counter; returns jobs per second. */
export async function throughput(
  total: number,
  concurrency: number,
  job: (index: number) => Promise<unknown>,
): Promise<number> {
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < total) await job(next++);
    }),
  );
  return total / ((performance.now() - started) / 1000);
}

export const round = (value: number, digits = 2): number => Number(value.toFixed(digits));

export function printTable(results: TBenchResult[]): void {
  const rows = results.map((result) => [
    result.name,
    `${result.value.toLocaleString("en-US", { maximumFractionDigits: 2 })} ${result.unit}`,
    result.baseline === null
      ? ""
      : `${result.baseline.toLocaleString("en-US", { maximumFractionDigits: 2 })} ${result.unit}`,
    result.ratio === null ? "" : result.ratio.toFixed(2),
    result.target ?? "",
    result.met === null ? "" : result.met ? "met" : "NOT met",
  ]);
  const header = ["metric", "value", "baseline (same run)", "ratio", "target", ""];
  const widths = header.map((title, column) => Math.max(title.length, ...rows.map((row) => row[column].length)));
  const line = (cells: string[]) =>
    cells
      .map((cell, column) => cell.padEnd(widths[column]))
      .join("  ")
      .trimEnd();
  console.log(line(header));
  console.log(widths.map((width) => "-".repeat(width)).join("  "));
  for (const row of rows) console.log(line(row));
}
