import { newQuickJSWASMModule, type QuickJSWASMModule } from "quickjs-emscripten";

/**
 * Owns the QuickJS WebAssembly module the sandbox runs in. Every run gets a fresh runtime and
 * context (no state leaks between expressions), but WASM linear memory never shrinks, so the whole
 * module is replaced after an out-of-memory run and every RECYCLE_AFTER_RUNS runs; the old one is
 * garbage-collected with its memory (without recycling, RSS grew to ~560 MB over 10,000 runtimes).
 */
const RECYCLE_AFTER_RUNS = 500;

type TModuleState = { module?: Promise<QuickJSWASMModule>; runs: number };
const store = globalThis as unknown as { heraldQuickJs?: TModuleState };

function state(): TModuleState {
  return (store.heraldQuickJs ??= { runs: 0 });
}

/** The current module; loads one (≈20 ms) when there is none. */
export async function quickJsModule(): Promise<QuickJSWASMModule> {
  const current = state();
  if (current.runs >= RECYCLE_AFTER_RUNS) recycleQuickJsModule();
  if (!current.module) {
    current.module = newQuickJSWASMModule().catch((error: unknown) => {
      current.module = undefined;
      throw error;
    });
  }
  current.runs++;
  return current.module;
}

/** Drops the module so the next run loads a fresh one (after OOM, or periodically). */
export function recycleQuickJsModule(): void {
  const current = state();
  current.module = undefined;
  current.runs = 0;
}
