/**
 * The expression sandbox: user JavaScript (expression policies, webhook mappings) in QuickJS.
 *
 * Exported API (called by lib/policies, lib/mappings and the dispatch/transports code):
 * - `runExpression({ source, globals, timeoutMs?, memoryBytes?, wire?, collect? })`
 *     → `{ ok: true, value, logs, messages, collected }`
 *     | `{ ok: false, error, kind: "timeout" | "memory" | "exception" | "syntax" | "busy", logs, messages }`
 *   `source` is a function body (authentik style: `return …`); each key of `globals` (JSON values,
 *   parsed inside the sandbox) is a parameter. `wire` is trusted code that may re-link the globals
 *   (e.g. `event = request.context.event`); `collect` names globals whose final (possibly mutated)
 *   value is returned in `collected`. Helpers: see prelude.ts. No host access at all: no require,
 *   process, fetch, timers, filesystem. Defaults: 1 s CPU deadline, 32 MiB heap, 256 KiB stack.
 * - `checkExpressionSyntax(source, names)` → `null` or "SyntaxError: …" (used when saving).
 *
 * Evaluation runs on a pool of sandbox threads (sandbox-pool.ts, HERALD_SANDBOX_THREADS), never on
 * the caller's event loop: a runaway expression holds its own thread until its deadline and the
 * server keeps serving. `busy` means every thread was taken and too many runs were waiting.
 */

import { checkSyntaxInPool, runInPool, type TRunInput, type TRunResult } from "./run-in-pool";
import { sharedSandboxPool } from "./shared-sandbox-pool";

export type { TRunInput, TRunResult } from "./run-in-pool";
export { DEFAULT_MEMORY_BYTES, DEFAULT_TIMEOUT_MS } from "./run-in-pool";
export type { TSandboxErrorKind } from "./sandbox-protocol";

export async function runExpression(input: TRunInput): Promise<TRunResult> {
  return runInPool(sharedSandboxPool(), input);
}

/** Parses the body into a function without running it: null when it compiles, else "SyntaxError: …". */
export async function checkExpressionSyntax(source: string, names: string[]): Promise<string | null> {
  return checkSyntaxInPool(sharedSandboxPool(), source, names);
}
