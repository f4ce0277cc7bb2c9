import { usesIpHelpers } from "./prelude-ip";
import type { SandboxPool } from "./sandbox-pool";
import type { TSandboxErrorKind } from "./sandbox-protocol";

/** The sandbox API (documented in run-expression.ts) against a given pool of sandbox threads. */
export const DEFAULT_TIMEOUT_MS = 1000;
export const DEFAULT_MEMORY_BYTES = 32 * 1024 * 1024;
const IDENTIFIER = /^[A-Za-z_$][\w$]*$/;

export type TRunInput = {
  source: string;
  globals: Record<string, unknown>;
  timeoutMs?: number;
  memoryBytes?: number;
  wire?: string;
  collect?: string[];
};
export type TRunResult =
  | { ok: true; value: unknown; logs: string[]; messages: string[]; collected: Record<string, unknown> }
  | { ok: false; error: string; kind: TSandboxErrorKind; logs: string[]; messages: string[] };

export async function runInPool(pool: SandboxPool, input: TRunInput): Promise<TRunResult> {
  const names = Object.keys(input.globals);
  const bad = [...names, ...(input.collect ?? [])].find((name) => !IDENTIFIER.test(name));
  if (bad) throw new Error(`invalid sandbox global name: ${bad}`);
  const timeoutMs = Math.max(1, input.timeoutMs ?? DEFAULT_TIMEOUT_MS);
  const reply = await pool.submit({
    op: "run",
    timeoutMs,
    memoryBytes: input.memoryBytes ?? DEFAULT_MEMORY_BYTES,
    source: input.source,
    namesJson: JSON.stringify(names),
    globalsJson: JSON.stringify(input.globals),
    wire: input.wire ?? "",
    collectJson: JSON.stringify(input.collect ?? []),
    ip: usesIpHelpers(`${input.source}\n${input.wire ?? ""}`),
  });
  const { logs, messages } = reply;
  if (!reply.ok) {
    const error = reply.kind === "timeout" ? `TimeoutError: expression exceeded ${timeoutMs} ms` : reply.error;
    return { ok: false, error, kind: reply.kind, logs, messages };
  }
  const { undef, value, collected } = JSON.parse(reply.text) as {
    undef: boolean;
    value: unknown;
    collected: Record<string, unknown>;
  };
  return { ok: true, value: undef ? undefined : value, logs, messages, collected };
}

/** Null when the body compiles as a function of `names`, else "SyntaxError: …" (or why it could not be checked). */
export async function checkSyntaxInPool(pool: SandboxPool, source: string, names: string[]): Promise<string | null> {
  const reply = await pool.submit({
    op: "check",
    timeoutMs: DEFAULT_TIMEOUT_MS,
    memoryBytes: DEFAULT_MEMORY_BYTES,
    source,
    namesJson: JSON.stringify(names),
  });
  return reply.ok ? null : reply.error;
}
