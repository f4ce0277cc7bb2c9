/**
 * The messages between the server's threads and a sandbox thread (sandbox-worker.mjs). Only
 * strings and small arrays cross: the globals go in as JSON text and the result comes back as JSON
 * text, so copying a message costs about as much as the JSON it carries.
 */

/**
 * How a run failed:
 * - `timeout`: the CPU deadline passed (or the thread did not answer by the hard deadline and was replaced)
 * - `memory`: the heap budget was exceeded
 * - `exception`: the expression threw, or the sandbox thread failed while running it
 * - `syntax`: the source does not compile
 * - `busy`: every sandbox thread was taken and the queue in front of them was full; nothing ran
 */
export type TSandboxErrorKind = "timeout" | "memory" | "exception" | "syntax" | "busy";

type TTimed = { id: number; timeoutMs: number; memoryBytes: number };
export type TWorkerRequest = TTimed &
  (
    | {
        op: "run";
        source: string;
        namesJson: string;
        globalsJson: string;
        wire: string;
        collectJson: string;
        /** Installs the IP helpers (only when the source names one: they cost about a run's time). */
        ip: boolean;
      }
    | { op: "check"; source: string; namesJson: string }
    /** Test support: "stall" blocks the thread for `ms`, "exit" ends it (see sandbox-worker.mjs). */
    | { op: "fault"; mode: "stall" | "exit"; ms: number }
  );

/** `text` is the JSON the expression's invoke helper produced (empty for check and fault). */
export type TWorkerReply =
  | { id: number; ok: true; text: string; logs: string[]; messages: string[] }
  | { id: number; ok: false; kind: TSandboxErrorKind; error: string; logs: string[]; messages: string[] };

/** The first message to every sandbox thread: the trusted helper sources and the limits. */
export type TWorkerInit = {
  op: "init";
  /** `[prelude, compile, invoke]` as one array expression (one evalCode per run). */
  bundle: string;
  ipPrelude: string;
  compile: string;
  limits: {
    logEntries: number;
    logChars: number;
    resultChars: number;
    stackBytes: number;
    heapCeilingBytes: number;
    recycleAfterRuns: number;
    /** Added to the thread's nice value (Linux), so the server's own threads are scheduled first. */
    niceIncrement: number;
  };
};

/** A request as callers hand it to the pool, which numbers it. */
export type TSandboxRequest = TWithoutId<TWorkerRequest>;
type TWithoutId<T> = T extends unknown ? Omit<T, "id"> : never;
