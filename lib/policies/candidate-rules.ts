/**
 * Exported API: findCandidateRules(db, event) → enabled rules that COULD fire for the event, by
 * name. The selection itself lives in the in-memory rule index (lib/policies/rule-index), which
 * dispatch consults once per batch; this is the one-event form for callers outside dispatch.
 */
import type { DbOrTx } from "@/db/client";
import type { TEvent, TRule } from "@/db/schema";
import { currentRuleIndex } from "./rule-index";

export async function findCandidateRules(db: DbOrTx, event: Pick<TEvent, "action" | "app" | "context" | "clientIp">): Promise<TRule[]> {
  return (await currentRuleIndex(db)).candidatesFor(event);
}
