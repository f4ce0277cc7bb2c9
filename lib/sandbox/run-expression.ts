/**
 * The expression sandbox: user JavaScript (expression policies, webhook mappings) in QuickJS.
 *
 * Exported API (called by lib/policies, lib/mappings and the dispatch/transports code):
 * - `runExpression({ source, globals, timeoutMs?, memoryBytes?, wire?, collect? })`
 *     → `{ ok: true, value, logs, messages, collected }`
 *     | `{ ok: false, error, kind: "timeout" | "memory" | "exception" | "syntax", logs, messages }`
 *   `source` is a function body (authentik style: `return …`); each key of `globals` (JSON values,
 *   parsed inside the sandbox) is a parameter. `wire` is trusted code that may re-link the globals
 *   (e.g. `event = request.context.event`); `collect` names globals whose final (possibly mutated)
 *   value is returned in `collected`. Helpers: see prelude.ts. No host access at all: no require,
 *   process, fetch, timers, filesystem. Defaults: 1 s CPU deadline, 32 MiB heap, 256 KiB stack.
 * - `checkExpressionSyntax(source, names)` → `null` or "SyntaxError: …" (used when saving).
 *
 * Evaluation is synchronous inside QuickJS, bounded by the interrupt deadline: a runaway expression
 * holds the event loop for at most `timeoutMs`, then the process carries on.
 */

import { SANDBOX_COMPILE, SANDBOX_INVOKE, SANDBOX_PRELUDE } from "./prelude";
import { SANDBOX_PRELUDE_IP, usesIpHelpers } from "./prelude-ip";
import { call, evaluate, SandboxFailure, type TSandboxErrorKind, withContext } from "./quickjs-context";

export const DEFAULT_TIMEOUT_MS = 1000;
export const DEFAULT_MEMORY_BYTES = 32 * 1024 * 1024;
const MAX_LOG_ENTRIES = 200;
const MAX_LOG_CHARS = 2000;
const MAX_RESULT_CHARS = 1024 * 1024;
const IDENTIFIER = /^[A-Za-z_$][\w$]*$/;
const SANDBOX_BUNDLE = `[${SANDBOX_PRELUDE}, ${SANDBOX_COMPILE}, ${SANDBOX_INVOKE}]`;

export type { TSandboxErrorKind } from "./quickjs-context";
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

export async function runExpression(input: TRunInput): Promise<TRunResult> {
  const names = Object.keys(input.globals);
  const bad = [...names, ...(input.collect ?? [])].find((name) => !IDENTIFIER.test(name));
  if (bad) throw new Error(`invalid sandbox global name: ${bad}`);
  const timeoutMs = Math.max(1, input.timeoutMs ?? DEFAULT_TIMEOUT_MS);
  const logs: string[] = [];
  const messages: string[] = [];
  const outcome = await withContext(timeoutMs, input.memoryBytes ?? DEFAULT_MEMORY_BYTES, (context, keep) => {
    const log = keep(
      context.newFunction("log", (level, text) => {
        if (logs.length < MAX_LOG_ENTRIES) logs.push(`[${context.getString(level)}] ${clip(context.getString(text))}`);
      }),
    );
    const message = keep(
      context.newFunction("message", (text) => {
        if (messages.length < MAX_LOG_ENTRIES) messages.push(clip(context.getString(text)));
      }),
    );
    // One evalCode for all trusted helpers: each evalCode call has a fixed cost of ~70 µs.
    const bundle = keep(evaluate(context, SANDBOX_BUNDLE));
    const [install, compiler, invoke] = [0, 1, 2].map((index) => keep(context.getProp(bundle, index)));
    call(context, install, [log, message], "exception", keep);
    if (usesIpHelpers(`${input.source}\n${input.wire ?? ""}`))
      call(context, keep(evaluate(context, SANDBOX_PRELUDE_IP)), [], "exception", keep);
    const namesJson = JSON.stringify(names);
    const fn = call(
      context,
      compiler,
      [keep(context.newString(namesJson)), keep(context.newString(input.source))],
      "syntax",
      keep,
    );
    const args = [
      fn,
      keep(context.newString(namesJson)),
      keep(context.newString(JSON.stringify(input.globals))),
      keep(context.newString(input.wire ?? "")),
      keep(context.newString(JSON.stringify(input.collect ?? []))),
    ];
    const text = context.getString(call(context, invoke, args, "exception", keep));
    if (text.length > MAX_RESULT_CHARS)
      throw new SandboxFailure({ kind: "exception", error: "Error: result is larger than 1 MiB" });
    return JSON.parse(text) as { undef: boolean; value: unknown; collected: Record<string, unknown> };
  });
  if ("failure" in outcome) {
    const { kind } = outcome.failure;
    const error = kind === "timeout" ? `TimeoutError: expression exceeded ${timeoutMs} ms` : outcome.failure.error;
    return { ok: false, error, kind, logs, messages };
  }
  const { undef, value, collected } = outcome.value;
  return { ok: true, value: undef ? undefined : value, logs, messages, collected };
}

/** Parses the body into a function without running it: null when it compiles, else "SyntaxError: …". */
export async function checkExpressionSyntax(source: string, names: string[]): Promise<string | null> {
  const outcome = await withContext(DEFAULT_TIMEOUT_MS, DEFAULT_MEMORY_BYTES, (context, keep) => {
    const compiler = keep(evaluate(context, SANDBOX_COMPILE));
    call(
      context,
      compiler,
      [keep(context.newString(JSON.stringify(names))), keep(context.newString(source))],
      "syntax",
      keep,
    );
    return null;
  });
  return "failure" in outcome ? outcome.failure.error : null;
}

function clip(text: string): string {
  return text.length > MAX_LOG_CHARS ? `${text.slice(0, MAX_LOG_CHARS)}…` : text;
}
