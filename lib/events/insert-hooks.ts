import type { DbOrTx } from "@/db/client";
import type { TEvent } from "@/db/schema";

/**
 * Work that must commit or roll back together with an event insert (e.g. enqueueing its dispatch
 * job). Registered at start-up by lib/dispatch; createEvent/createEvents call every hook with the
 * transaction that inserted the rows. Events stored with `dispatch: false` (imported history) are
 * not passed to the hooks: they stay in the log without any rule evaluating them.
 */
export type TEventInsertHook = (db: DbOrTx, events: TEvent[]) => Promise<void>;

type THookStore = { heraldEventInsertHooks?: TEventInsertHook[] };
const store = globalThis as unknown as THookStore;

function hooks(): TEventInsertHook[] {
  return (store.heraldEventInsertHooks ??= []);
}

export function registerEventInsertHook(hook: TEventInsertHook): () => void {
  hooks().push(hook);
  return () => {
    const index = hooks().indexOf(hook);
    if (index >= 0) hooks().splice(index, 1);
  };
}

export async function runEventInsertHooks(db: DbOrTx, events: TEvent[]): Promise<void> {
  if (events.length === 0) return;
  for (const hook of hooks()) await hook(db, events);
}

/**
 * Called after createEvents' own transaction has committed (a savepoint when the caller passed a
 * transaction, so then it may run before the real commit): cheap, in-process wake-ups only — e.g.
 * the dispatch worker fetching the job at once instead of at its next poll.
 */
export type TEventCommitHook = (events: TEvent[]) => void;

type TCommitHookStore = { heraldEventCommitHooks?: TEventCommitHook[] };
const commitStore = globalThis as unknown as TCommitHookStore;

function commitHooks(): TEventCommitHook[] {
  return (commitStore.heraldEventCommitHooks ??= []);
}

export function registerEventCommitHook(hook: TEventCommitHook): () => void {
  commitHooks().push(hook);
  return () => {
    const index = commitHooks().indexOf(hook);
    if (index >= 0) commitHooks().splice(index, 1);
  };
}

export function runEventCommitHooks(events: TEvent[]): void {
  if (events.length === 0) return;
  for (const hook of commitHooks()) {
    try {
      hook(events);
    } catch {
      // A wake-up that fails changes nothing: the job is durable and will be polled.
    }
  }
}
