/**
 * One thread of the expression sandbox (started by sandbox-pool.ts): runs user JavaScript in
 * QuickJS, one request at a time, so a runaway expression costs this thread and never the event
 * loop of the server. Plain JavaScript that imports only quickjs-emscripten, so it loads the same
 * way under Next.js, tsx and the unit test runner, with no TypeScript loader in the thread.
 *
 * The trusted helper sources and the limits arrive in the first message ("init", from
 * sandbox-pool.ts); then each request `{ id, op: "run" | "check" | "fault", … }` gets one reply
 * `{ id, ok: true, text, logs, messages } | { id, ok: false, kind, error, logs, messages }`.
 * Every run gets a fresh runtime and context (no state leaks between expressions) with a CPU
 * deadline, a memory budget and a stack limit, disposed whatever happens.
 */
import fs from "node:fs";
import os from "node:os";
import { parentPort } from "node:worker_threads";
import { newQuickJSWASMModule } from "quickjs-emscripten";

/** @type {{ bundle: string, ipPrelude: string, compile: string, limits: Record<string, number> }} */
let config;
/** @type {Promise<import("quickjs-emscripten").QuickJSWASMModule> | undefined} */
let modulePromise;
let runsOnModule = 0;

/**
 * WASM linear memory never shrinks, so the module is replaced after an out-of-memory run, when its
 * heap grew past the ceiling, and every `recycleAfterRuns` runs; the old one is garbage-collected.
 */
function loadModule() {
  if (!modulePromise) {
    runsOnModule = 0;
    modulePromise = newQuickJSWASMModule().catch((error) => {
      modulePromise = undefined;
      throw error;
    });
  }
  return modulePromise;
}

function moduleForRun() {
  if (runsOnModule >= config.limits.recycleAfterRuns) modulePromise = undefined;
  const module = loadModule();
  runsOnModule++;
  return module;
}

/** Thrown inside a context body to end the run with a classified failure. */
class SandboxFailure extends Error {
  constructor(failure) {
    super(failure.error);
    this.failure = failure;
  }
}

/**
 * QuickJS's own allocation limit misses many small string allocations, so the interrupt handler
 * also watches the WASM heap: growing it by more than the memory budget in one run is a memory
 * failure. Reads the emscripten module's heap size (not public API; pinned quickjs-emscripten 0.32).
 */
function heapSizeOf(module) {
  return () => module.module?.HEAPU8?.byteLength ?? 0;
}

async function withContext(timeoutMs, memoryBytes, body) {
  const module = await moduleForRun();
  const heapSize = heapSizeOf(module);
  const heapAtStart = heapSize();
  const deadline = Date.now() + timeoutMs;
  let heapExceeded = false;
  const runtime = module.newRuntime();
  runtime.setMemoryLimit(memoryBytes);
  runtime.setMaxStackSize(config.limits.stackBytes);
  runtime.setInterruptHandler(() => {
    if (heapSize() - heapAtStart > memoryBytes) heapExceeded = true;
    return heapExceeded || Date.now() > deadline;
  });
  const context = runtime.newContext();
  const handles = [];
  const keep = (handle) => {
    handles.push(handle);
    return handle;
  };
  let recycle = false;
  try {
    return { value: body(context, keep) };
  } catch (error) {
    if (error instanceof SandboxFailure) {
      const failure =
        heapExceeded && error.failure.kind === "timeout"
          ? { kind: "memory", error: "MemoryError: expression exceeded the memory limit" }
          : error.failure;
      recycle = failure.kind === "memory";
      return { failure };
    }
    // A host-side failure (e.g. an assertion inside the WASM module): start over with a new module.
    recycle = true;
    return { failure: { kind: "exception", error: `InternalError: ${error?.message ?? String(error)}` } };
  } finally {
    for (const handle of handles) safely(() => handle.alive && handle.dispose());
    safely(() => context.dispose());
    safely(() => runtime.dispose());
    if (recycle || heapSize() > config.limits.heapCeilingBytes) modulePromise = undefined;
  }
}

function evaluate(context, code) {
  const result = context.evalCode(code, "herald-sandbox.js");
  if (result.error) throw new SandboxFailure(describe(context, result.error, "exception"));
  return result.value;
}

function call(context, fn, args, kind, keep) {
  const result = context.callFunction(fn, context.undefined, ...args);
  if (result.error) throw new SandboxFailure(describe(context, result.error, kind));
  return keep(result.value);
}

/** Turns a thrown QuickJS value into a kind and "Name: message (line n)". Disposes the handle. */
function describe(context, handle, kind) {
  let dumped;
  try {
    dumped = context.dump(handle);
  } catch {
    return { kind: "memory", error: "InternalError: out of memory" };
  } finally {
    safely(() => handle.dispose());
  }
  const error = dumped && typeof dumped === "object" ? dumped : { message: String(dumped) };
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

function safely(fn) {
  try {
    fn();
  } catch {
    // dispose() after an out-of-memory error can hit a QuickJS assertion; the module is recycled.
  }
}

function clip(text) {
  const max = config.limits.logChars;
  return text.length > max ? `${text.slice(0, max)}…` : text;
}

/** Evaluates one expression; the result stays JSON text, parsed by the caller's thread. */
async function run(request) {
  const { logEntries, resultChars } = config.limits;
  const logs = [];
  const messages = [];
  const outcome = await withContext(request.timeoutMs, request.memoryBytes, (context, keep) => {
    const log = keep(
      context.newFunction("log", (level, text) => {
        if (logs.length < logEntries) logs.push(`[${context.getString(level)}] ${clip(context.getString(text))}`);
        return logs.length < logEntries ? context.false : context.true;
      }),
    );
    const message = keep(
      context.newFunction("message", (text) => {
        if (messages.length < logEntries) messages.push(clip(context.getString(text)));
      }),
    );
    // One evalCode for all trusted helpers: each evalCode call has a fixed cost of ~70 µs.
    const bundle = keep(evaluate(context, config.bundle));
    const [install, compiler, invoke] = [0, 1, 2].map((index) => keep(context.getProp(bundle, index)));
    call(context, install, [log, message], "exception", keep);
    if (request.ip) call(context, keep(evaluate(context, config.ipPrelude)), [], "exception", keep);
    const fn = call(
      context,
      compiler,
      [keep(context.newString(request.namesJson)), keep(context.newString(request.source))],
      "syntax",
      keep,
    );
    const args = [
      fn,
      keep(context.newString(request.namesJson)),
      keep(context.newString(request.globalsJson)),
      keep(context.newString(request.wire)),
      keep(context.newString(request.collectJson)),
    ];
    const text = context.getString(call(context, invoke, args, "exception", keep));
    if (text.length > resultChars) {
      throw new SandboxFailure({ kind: "exception", error: "Error: result is larger than 1 MiB" });
    }
    return text;
  });
  if ("failure" in outcome) return { ok: false, ...outcome.failure, logs, messages };
  return { ok: true, text: outcome.value, logs, messages };
}

/** Compiles the body into a function without running it. */
async function check(request) {
  const outcome = await withContext(request.timeoutMs, request.memoryBytes, (context, keep) => {
    const compiler = keep(evaluate(context, config.compile));
    call(
      context,
      compiler,
      [keep(context.newString(request.namesJson)), keep(context.newString(request.source))],
      "syntax",
      keep,
    );
    return "";
  });
  if ("failure" in outcome) return { ok: false, ...outcome.failure, logs: [], messages: [] };
  return { ok: true, text: "", logs: [], messages: [] };
}

/**
 * Test support for the pool's recovery paths, reachable only through the pool's own request
 * builder (never from an expression): "stall" blocks the thread the way an interpreter that never
 * reaches its interrupt check would, "exit" ends the thread abruptly.
 */
function fault(request) {
  if (request.mode === "exit") process.exit(1);
  const until = Date.now() + request.ms;
  while (Date.now() < until) {
    // Deliberately busy: no message, timer or interrupt can get through.
  }
  return { ok: true, text: "", logs: [], messages: [] };
}

/**
 * Runs this thread at a lower scheduling priority than the server's own threads, so that on a
 * machine whose cores are all busy the HTTP and dispatch threads are scheduled first (measured on
 * 2 busy cores: health p99 with four runaway expressions 1.0-2.2× idle at +10, 1.9-4.3× at +0).
 * Linux only: there a thread id passed to setpriority() changes just that thread. Best effort.
 */
function lowerThreadPriority(increment) {
  if (process.platform !== "linux" || !increment) return;
  try {
    const threadId = Number(fs.readlinkSync("/proc/thread-self").split("/").pop());
    os.setPriority(threadId, Math.min(19, os.getPriority(threadId) + increment));
  } catch {
    // No /proc or not permitted: the thread keeps the process's priority.
  }
}

const handlers = { run, check, fault };
/** Requests are answered strictly one after another; the pool sends the next only after a reply. */
let chain = Promise.resolve();

parentPort?.on("message", (request) => {
  if (request.op === "init") {
    config = request;
    lowerThreadPriority(config.limits.niceIncrement);
    // Loading the module (~20 ms) before saying ready keeps that cost out of the first run's
    // deadline. If it cannot load, the rejection ends the thread and the pool reports why.
    loadModule().then(() => parentPort?.postMessage({ op: "ready" }));
    return;
  }
  chain = chain.then(async () => {
    let reply;
    try {
      reply = await handlers[request.op](request);
    } catch (error) {
      const text = `InternalError: ${error?.message ?? String(error)}`;
      reply = { ok: false, kind: "exception", error: text, logs: [], messages: [] };
      modulePromise = undefined;
    }
    parentPort?.postMessage({ id: request.id, ...reply });
    // A recycled module is loaded again while the thread is idle, not at the start of the next run.
    if (!modulePromise) setImmediate(() => loadModule().catch(() => {}));
  });
});
