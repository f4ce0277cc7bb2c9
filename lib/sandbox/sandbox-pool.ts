import { Worker } from "node:worker_threads";
import type { TSandboxErrorKind, TSandboxRequest, TWorkerInit, TWorkerReply, TWorkerRequest } from "./sandbox-protocol";

/**
 * A fixed set of sandbox threads (sandbox-worker.mjs) with a bounded queue in front of them.
 * - Threads start on demand, up to `threads`, each with its own QuickJS module; one request at a time each.
 * - A request waits in the queue while every thread is taken; when `queueLimit` requests already
 *   wait, it fails at once with kind `busy` instead of growing the queue without limit.
 * - A thread that has not answered `graceMs` after the request's CPU deadline (the interrupt
 *   handler could not fire) is terminated; its request fails as `timeout` and a new thread takes
 *   over. A thread that crashes fails only the request it was running.
 * - Idle threads are unref'd, so they never keep a process alive; a thread holds the process only
 *   while it runs a request, at most until that request's hard deadline.
 */
export type TSandboxPoolOptions = { threads: number; queueLimit: number; graceMs: number; init: TWorkerInit };

type TJob = { request: TWorkerRequest; resolve: (reply: TWorkerReply) => void };
type TThread = { worker: Worker; ready: boolean; job?: TJob; timer?: NodeJS.Timeout; error?: Error };

/** What a host-side fault in a thread (not the expression) did, for a worker's `error` code. */
const KIND_OF_WORKER_ERROR: Record<string, TSandboxErrorKind> = { ERR_WORKER_OUT_OF_MEMORY: "memory" };

/**
 * The host-side heap of a thread (request and result strings, logs) is small; the QuickJS heap is
 * WASM memory, outside this limit, bounded per run by the memory budget instead.
 */
const THREAD_HEAP_MB = 256;

export class SandboxPool {
  readonly #options: TSandboxPoolOptions;
  readonly #threads = new Set<TThread>();
  readonly #idle: TThread[] = [];
  readonly #queue: TJob[] = [];
  #starting = 0;
  #nextId = 1;
  /** Threads terminated after a hard deadline or lost to a crash while running a request. */
  replaced = 0;

  constructor(options: TSandboxPoolOptions) {
    this.#options = options;
  }

  get init(): TWorkerInit {
    return this.#options.init;
  }

  /** Never rejects: every failure, the pool's own included, is a reply with `ok: false`. */
  submit(body: TSandboxRequest): Promise<TWorkerReply> {
    const request = { ...body, id: this.#nextId++ } as TWorkerRequest;
    return new Promise((resolve) => {
      const job = { request, resolve };
      const thread = this.#idle.pop();
      if (thread) return this.#assign(thread, job);
      const { threads, queueLimit } = this.#options;
      if (this.#queue.length >= queueLimit) {
        const text = `SandboxBusy: all ${threads} sandbox threads are taken and ${queueLimit} expressions are waiting`;
        return resolve(failure(request.id, "busy", text));
      }
      this.#queue.push(job);
      this.#grow();
    });
  }

  /** Stops every thread; requests still queued or running fail. For tests and shutdown. */
  async close(): Promise<void> {
    for (const job of this.#queue.splice(0)) job.resolve(failure(job.request.id, "exception", "Error: closed"));
    const threads = [...this.#threads];
    for (const thread of threads) this.#retire(thread, "exception", "Error: the sandbox pool was closed");
    await Promise.all(threads.map((thread) => thread.worker.terminate()));
  }

  /** Threads that exist, busy threads and waiting requests, for tests and diagnostics. */
  stats(): { threads: number; busy: number; queued: number } {
    const busy = [...this.#threads].filter((thread) => thread.job).length;
    return { threads: this.#threads.size, busy, queued: this.#queue.length };
  }

  #grow(): void {
    if (this.#threads.size < this.#options.threads && this.#starting < this.#queue.length) this.#spawn();
  }

  #spawn(): void {
    // A literal `new URL(…, import.meta.url)` so that Next.js bundles the thread's entry with the server.
    const worker = new Worker(new URL("./sandbox-worker.mjs", import.meta.url), {
      // The thread runs plain JavaScript: no TypeScript loader or preload of the parent is needed.
      execArgv: [],
      resourceLimits: { maxOldGenerationSizeMb: THREAD_HEAP_MB },
    });
    const thread: TThread = { worker, ready: false };
    this.#threads.add(thread);
    this.#starting++;
    worker.unref();
    worker.on("message", (message: TWorkerReply | { op: "ready" }) => this.#onMessage(thread, message));
    worker.on("error", (error) => {
      thread.error = error;
    });
    worker.on("exit", (code) => this.#onExit(thread, code));
    worker.postMessage(this.#options.init);
  }

  #onMessage(thread: TThread, message: TWorkerReply | { op: "ready" }): void {
    if ("op" in message) {
      thread.ready = true;
      this.#starting--;
      this.#release(thread);
      return;
    }
    const job = thread.job;
    if (!job || job.request.id !== message.id) return;
    clearTimeout(thread.timer);
    thread.job = undefined;
    job.resolve(message);
    this.#release(thread);
  }

  #release(thread: TThread): void {
    const next = this.#queue.shift();
    if (next) {
      this.#assign(thread, next);
      return;
    }
    thread.worker.unref();
    this.#idle.push(thread);
  }

  #assign(thread: TThread, job: TJob): void {
    thread.job = job;
    thread.worker.ref();
    const limit = job.request.timeoutMs + this.#options.graceMs;
    thread.timer = setTimeout(() => {
      this.replaced++;
      this.#retire(thread, "timeout", `TimeoutError: the sandbox thread did not answer within ${limit} ms`);
      void thread.worker.terminate();
      this.#grow();
    }, limit);
    thread.worker.postMessage(job.request);
  }

  #onExit(thread: TThread, code: number): void {
    if (!this.#threads.has(thread)) return;
    const reason = thread.error?.message ?? `exit code ${code}`;
    if (thread.job) this.replaced++;
    const kind = KIND_OF_WORKER_ERROR[(thread.error as { code?: string } | undefined)?.code ?? ""] ?? "exception";
    this.#retire(thread, kind, `InternalError: the sandbox thread stopped (${reason})`);
    if (thread.ready) {
      this.#grow();
      return;
    }
    // A thread that could not start: fail the waiting requests when no other thread can take them,
    // and start again only on the next request (no tight loop of failing starts).
    if (this.#threads.size > 0) return;
    for (const job of this.#queue.splice(0)) {
      job.resolve(
        failure(job.request.id, "exception", `InternalError: the sandbox thread could not start (${reason})`),
      );
    }
  }

  /** Takes a thread out of the pool; the request it was running (if any) fails with `kind`. */
  #retire(thread: TThread, kind: TSandboxErrorKind, error: string): void {
    if (!this.#threads.delete(thread)) return;
    if (!thread.ready) this.#starting--;
    const idle = this.#idle.indexOf(thread);
    if (idle >= 0) this.#idle.splice(idle, 1);
    clearTimeout(thread.timer);
    const job = thread.job;
    thread.job = undefined;
    job?.resolve(failure(job.request.id, kind, error));
  }
}

function failure(id: number, kind: TSandboxErrorKind, error: string): TWorkerReply {
  return { id, ok: false, kind, error, logs: [], messages: [] };
}
