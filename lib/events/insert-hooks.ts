import type { DbOrTx } from "@/db/client";
import type { TEvent } from "@/db/schema";

/**
 * Work that must commit or roll back together with an event insert (e.g. enqueueing its dispatch
 * job). Registered at start-up by lib/dispatch; createEvent/createEvents call every hook with the
 * transaction that inserted the rows.
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
