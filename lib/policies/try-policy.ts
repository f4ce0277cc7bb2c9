import { eq } from "drizzle-orm";
import { z } from "zod";
import type { DbOrTx } from "@/db/client";
import { events } from "@/db/schema";
import { AppError } from "@/lib/errors";
import { DEFAULT_TIMEOUT_MS } from "@/lib/sandbox/run-expression";
import { evaluatePolicy } from "./evaluate-policy";
import { findPolicy } from "./queries";
import { policyUserOf, resolveUserById } from "./resolve-user";
import { serializeEventForPolicy } from "./serialize-event";
import type { TPolicyTest } from "./validation";

/**
 * The policy Test action (POST /policies/all/{uuid}/test/): runs one policy for a user and a
 * context, as a dry run (no policy_execution / policy_exception events, no bindings involved).
 * Herald extension: `event` (top level, or `context.event` given as a string) names a stored
 * event by uuid, which is loaded and passed as `request.context.event` — the admin UI's
 * "test against a recent event".
 */
export type TLogEvent = {
  timestamp: string;
  log_level: string;
  logger: string;
  event: string;
  attributes: Record<string, unknown>;
};
export type TPolicyTestResult = { passing: boolean; messages: string[]; log_messages: TLogEvent[] };

const missing = (pk: unknown) => `Invalid pk "${String(pk)}" - object does not exist.`;

async function loadEvent(db: DbOrTx, field: string, uuid: string) {
  if (!z.uuid().safeParse(uuid).success) throw AppError.field(field, "Must be a valid UUID.");
  const [row] = await db.select().from(events).where(eq(events.eventUuid, uuid));
  if (!row) throw AppError.field(field, missing(uuid));
  return serializeEventForPolicy(row);
}

export async function tryPolicy(db: DbOrTx, uuid: string, input: TPolicyTest): Promise<TPolicyTestResult> {
  const policy = await findPolicy(db, uuid);
  const user = await resolveUserById(db, input.user, true);
  if (!user) throw AppError.field("user", missing(input.user));
  const context: Record<string, unknown> = { ...input.context };
  if (input.event) context.event = await loadEvent(db, "event", input.event);
  else if (typeof context.event === "string") context.event = await loadEvent(db, "context", context.event);
  const started = new Date().toISOString();
  const outcome = await evaluatePolicy(policy, { user: policyUserOf(user), context }, DEFAULT_TIMEOUT_MS);
  const log_messages = outcome.logs.map((line) => {
    const [, level = "info", text = line] = /^\[(\w+)\] ([\s\S]*)$/.exec(line) ?? [];
    return { timestamp: started, log_level: level, logger: "herald.sandbox", event: text, attributes: {} };
  });
  if (outcome.error)
    log_messages.push({
      timestamp: started,
      log_level: "error",
      logger: "herald.policies",
      event: outcome.error.text,
      attributes: { kind: outcome.error.kind },
    });
  return { passing: outcome.passing, messages: outcome.messages, log_messages };
}
