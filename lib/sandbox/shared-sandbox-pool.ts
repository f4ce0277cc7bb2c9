import os from "node:os";
import { env } from "@/lib/env";
import { SANDBOX_COMPILE, SANDBOX_INVOKE, SANDBOX_PRELUDE } from "./prelude";
import { SANDBOX_PRELUDE_IP } from "./prelude-ip";
import { SandboxPool, type TSandboxPoolOptions } from "./sandbox-pool";
import type { TWorkerInit } from "./sandbox-protocol";

export const SANDBOX_WORKER_INIT: TWorkerInit = {
  op: "init",
  bundle: `[${SANDBOX_PRELUDE}, ${SANDBOX_COMPILE}, ${SANDBOX_INVOKE}]`,
  ipPrelude: SANDBOX_PRELUDE_IP,
  compile: SANDBOX_COMPILE,
  limits: {
    logEntries: 200,
    logChars: 2000,
    resultChars: 1024 * 1024,
    /**
     * 256 KiB: with a larger limit, deep recursion in an expression exhausts the host V8 stack (the
     * WebAssembly calls run on it) before QuickJS's own limit stops it.
     */
    stackBytes: 256 * 1024,
    /** A module whose heap grew past this is replaced after the run, so memory stays bounded. */
    heapCeilingBytes: 256 * 1024 * 1024,
    /** Without recycling, RSS grew to ~560 MB over 10,000 runtimes in one module. */
    recycleAfterRuns: 500,
    niceIncrement: 10,
  },
};

/**
 * Requests that may wait for a thread. Dispatch evaluates up to a few hundred events and mappings
 * at once, so normal bursts fit; beyond that, waiting requests would only pile up behind slow
 * expressions (each holds its thread for up to its deadline), so further ones fail as `busy`.
 */
export const SANDBOX_QUEUE_LIMIT = 1024;
/** Time past a request's CPU deadline after which its thread is presumed wedged and replaced. */
export const SANDBOX_GRACE_MS = 1000;

/**
 * Expressions are CPU-bound, so threads beyond the cores only time-slice; at least two, so one
 * runaway expression (which holds its thread for its whole deadline) never stalls all others;
 * at most eight by default, since each thread holds its own V8 isolate and QuickJS heap.
 */
export function defaultSandboxThreads(): number {
  return Math.max(2, Math.min(8, os.availableParallelism()));
}

type TStore = { heraldSandboxPool?: SandboxPool };
const store = globalThis as unknown as TStore;

/** The process's pool, created on first use (threads from HERALD_SANDBOX_THREADS). */
export function sharedSandboxPool(): SandboxPool {
  // Kept on globalThis so a module reload (next dev) reuses the threads, unless the helpers changed.
  const current = store.heraldSandboxPool;
  if (current && current.init.bundle === SANDBOX_WORKER_INIT.bundle) return current;
  void current?.close();
  store.heraldSandboxPool = createSandboxPool({ threads: env().HERALD_SANDBOX_THREADS ?? defaultSandboxThreads() });
  return store.heraldSandboxPool;
}

/** A pool with the production limits; tests pass smaller sizes. */
export function createSandboxPool(options: Partial<TSandboxPoolOptions> = {}): SandboxPool {
  return new SandboxPool({
    threads: defaultSandboxThreads(),
    queueLimit: SANDBOX_QUEUE_LIMIT,
    graceMs: SANDBOX_GRACE_MS,
    init: SANDBOX_WORKER_INIT,
    ...options,
  });
}
