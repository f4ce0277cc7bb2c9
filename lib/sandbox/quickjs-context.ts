/**
 * One sandboxed QuickJS evaluation context: a fresh runtime + context per use, with a CPU deadline,
 * a memory budget and a 256 KiB stack, disposed whatever happens. Internal to lib/sandbox; the
 * public API is run-expression.ts.
 */
import type { QuickJSContext, QuickJSHandle, QuickJSWASMModule } from "quickjs-emscripten";
import { quickJsModule, recycleQuickJsModule } from "./quickjs-module";

export type TSandboxErrorKind = "timeout" | "memory" | "exception" | "syntax";
export type TError = { kind: TSandboxErrorKind; error: string };

/** Thrown inside a context body to end the run with a classified failure. */
export class SandboxFailure extends Error {
  constructor(readonly failure: TError) {
    super(failure.error);
  }
}

/**
 * 256 KiB: with a larger limit, deep recursion in an expression exhausts the host V8 stack (the
 * WebAssembly calls run on it) before QuickJS's own limit stops it.
 */
const MAX_STACK_BYTES = 256 * 1024;

export type TKeep = (handle: QuickJSHandle) => QuickJSHandle;

/**
 * QuickJS's own allocation limit misses many small string allocations (measured: a loop pushing
 * strings passed a 16 MiB limit and took the process past 800 MB RSS), so the interrupt handler
 * also watches the WASM heap: growing it by more than the memory budget in one run is a memory
 * failure. Reads the emscripten module's heap size (not public API; pinned quickjs-emscripten 0.32).
 */
function heapSizeOf(module: QuickJSWASMModule): () => number {
  const emscripten = (module as unknown as { module?: { HEAPU8?: Uint8Array } }).module;
  return () => emscripten?.HEAPU8?.byteLength ?? 0;
}
/** A module whose heap grew past this is replaced after the run, so RSS stays bounded. */
const HEAP_CEILING_BYTES = 256 * 1024 * 1024;

/** A fresh runtime + context with the limits set; everything is disposed afterwards, whatever happens. */
export async function withContext<T>(
  timeoutMs: number,
  memoryBytes: number,
  body: (context: QuickJSContext, keep: TKeep) => T,
): Promise<{ value: T } | { failure: TError }> {
  const module = await quickJsModule();
  const heapSize = heapSizeOf(module);
  const heapAtStart = heapSize();
  const deadline = Date.now() + timeoutMs;
  let heapExceeded = false;
  const runtime = module.newRuntime();
  runtime.setMemoryLimit(memoryBytes);
  runtime.setMaxStackSize(MAX_STACK_BYTES);
  runtime.setInterruptHandler(() => {
    if (heapSize() - heapAtStart > memoryBytes) heapExceeded = true;
    return heapExceeded || Date.now() > deadline;
  });
  const context = runtime.newContext();
  const handles: QuickJSHandle[] = [];
  const keep: TKeep = (handle) => {
    handles.push(handle);
    return handle;
  };
  let recycle = false;
  try {
    return { value: body(context, keep) };
  } catch (error) {
    if (error instanceof SandboxFailure) {
      const failure: TError =
        heapExceeded && error.failure.kind === "timeout"
          ? { kind: "memory", error: "MemoryError: expression exceeded the memory limit" }
          : error.failure;
      recycle = failure.kind === "memory";
      return { failure };
    }
    // A host-side failure (e.g. an assertion inside the WASM module): start over with a new module.
    recycle = true;
    return { failure: { kind: "exception", error: `InternalError: ${(error as Error).message}` } };
  } finally {
    for (const handle of handles) safely(() => handle.alive && handle.dispose());
    safely(() => context.dispose());
    safely(() => runtime.dispose());
    if (recycle || heapSize() > HEAP_CEILING_BYTES) recycleQuickJsModule();
  }
}

export function evaluate(context: QuickJSContext, code: string): QuickJSHandle {
  const result = context.evalCode(code, "herald-sandbox.js");
  if (result.error) throw new SandboxFailure(describe(context, result.error, "exception"));
  return result.value;
}

export function call(
  context: QuickJSContext,
  fn: QuickJSHandle,
  args: QuickJSHandle[],
  kind: TSandboxErrorKind,
  keep: TKeep,
): QuickJSHandle {
  const result = context.callFunction(fn, context.undefined, ...args);
  if (result.error) throw new SandboxFailure(describe(context, result.error, kind));
  return keep(result.value);
}

/** Turns a thrown QuickJS value into a kind and "Name: message (line n)". Disposes the handle. */
function describe(context: QuickJSContext, handle: QuickJSHandle, kind: TSandboxErrorKind): TError {
  let dumped: unknown;
  try {
    dumped = context.dump(handle);
  } catch {
    return { kind: "memory", error: "InternalError: out of memory" };
  } finally {
    safely(() => handle.dispose());
  }
  const error = (dumped && typeof dumped === "object" ? dumped : { message: String(dumped) }) as {
    name?: string;
    message?: string;
    stack?: string;
  };
  const name = error.name ?? "Error";
  const message = error.message ?? String(dumped);
  if (name === "InternalError" && message === "interrupted") return { kind: "timeout", error: "interrupted" };
  if (name === "InternalError" && (message === "out of memory" || message === "string too long")) {
    return { kind: "memory", error: `MemoryError: expression exceeded the memory limit (${message})` };
  }
  // new Function() code is reported as "<input>", two lines below the user's own numbering.
  const line = /<input>:(\d+)/.exec(error.stack ?? "")?.[1];
  const where = line ? ` (line ${Math.max(1, Number(line) - 2)})` : "";
  const isSyntax = kind === "syntax" && name === "SyntaxError";
  return { kind: isSyntax ? "syntax" : "exception", error: `${name}: ${message}${where}` };
}

function safely(fn: () => unknown): void {
  try {
    fn();
  } catch {
    // dispose() after an out-of-memory error can hit a QuickJS assertion; the module is recycled.
  }
}
