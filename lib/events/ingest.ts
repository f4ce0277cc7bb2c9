import type { DbOrTx } from "@/db/client";
import type { TEventUser } from "@/db/schema";
import { zodToFieldErrors } from "@/lib/api/zod-errors";
import { AppError, type TFieldErrors } from "@/lib/errors";
import { createEvents, type TCreatedEvent, type TCreateEventInput } from "./create-event";
import { groupCommit } from "./group-commit";
import { expiryFor, readEventRetention } from "./retention";
import { MAX_BULK_EVENTS, type TBulkEventItem, type TEventRequest, ZBulkEventItem } from "./validation";

function toInput(item: TEventRequest | TBulkEventItem): TCreateEventInput {
  return {
    action: item.action,
    app: item.app,
    context: item.context,
    user: item.user as TEventUser,
    clientIp: item.client_ip ?? null,
    brand: item.brand,
    eventUuid: item.pk,
    created: "created" in item ? item.created : undefined,
    expires: item.expires,
  };
}

const writers = new WeakMap<object, (input: TCreateEventInput) => Promise<TCreatedEvent>>();

/** Concurrent single creates share transactions (see group-commit.ts); one writer per database. */
function groupWriter(db: DbOrTx) {
  let writer = writers.get(db);
  if (!writer) {
    writer = groupCommit((inputs: TCreateEventInput[]) => createEvents(db, inputs, { ignoreExisting: true }), {
      keyOf: (input) => input.eventUuid,
    });
    writers.set(db, writer);
  }
  return writer;
}

/** POST /events/events/: a client-chosen pk makes it idempotent (the stored event comes back). */
export async function ingestEvent(db: DbOrTx, request: TEventRequest): Promise<TCreatedEvent> {
  if (request.expires && request.expires.getTime() <= Date.now())
    throw AppError.field("expires", "Expiry must be in the future.");
  return groupWriter(db)(toInput(request));
}

export type TBulkItemResult =
  | { index: number; status: "created" | "existing"; pk: string }
  | { index: number; status: "invalid"; errors: TFieldErrors };
export type TBulkResult = { created: number; existing: number; invalid: number; results: TBulkItemResult[] };

/**
 * Up to 1,000 events in one transaction. Each item is validated alone: a bad item is reported and
 * skipped, the rest are stored. authentik's exported Event JSON is accepted as is (pk, created,
 * user, brand kept); re-importing stores nothing twice. An import whose retention has already run
 * out gets a fresh retention period from now, so it is not deleted by the next cleanup.
 */
export async function ingestBulk(db: DbOrTx, items: unknown[]): Promise<TBulkResult> {
  if (items.length > MAX_BULK_EVENTS) {
    throw AppError.field(
      "non_field_errors",
      `A bulk request takes at most ${MAX_BULK_EVENTS} events; got ${items.length}.`,
    );
  }
  const retention = await readEventRetention(db);
  const now = new Date();
  const results: TBulkItemResult[] = new Array(items.length);
  const valid: { index: number; input: TCreateEventInput }[] = [];
  const seen = new Map<string, number>();
  items.forEach((raw, index) => {
    if (raw instanceof Error) {
      results[index] = { index, status: "invalid", errors: { non_field_errors: [raw.message] } };
      return;
    }
    const parsed = ZBulkEventItem.safeParse(raw);
    if (!parsed.success) {
      results[index] = { index, status: "invalid", errors: zodToFieldErrors(parsed.error) };
      return;
    }
    const input = toInput(parsed.data);
    const fromRetention = expiryFor(input.created ?? now, retention);
    const expires = input.expires ?? fromRetention;
    input.expires = expires.getTime() > now.getTime() ? expires : expiryFor(now, retention);
    if (input.eventUuid && seen.has(input.eventUuid)) {
      results[index] = {
        index,
        status: "invalid",
        errors: { pk: [`Duplicate of item ${seen.get(input.eventUuid)} in this request.`] },
      };
      return;
    }
    if (input.eventUuid) seen.set(input.eventUuid, index);
    valid.push({ index, input });
  });
  const stored = await createEvents(
    db,
    valid.map((entry) => entry.input),
    { ignoreExisting: true },
  );
  stored.forEach(({ event, created }, position) => {
    const index = valid[position].index;
    results[index] = { index, status: created ? "created" : "existing", pk: event.eventUuid };
  });
  return {
    created: results.filter((result) => result.status === "created").length,
    existing: results.filter((result) => result.status === "existing").length,
    invalid: results.filter((result) => result.status === "invalid").length,
    results,
  };
}

/** Bulk bodies: a JSON array, or NDJSON (one event per line; a bad line fails alone). */
export function parseBulkBody(text: string, contentType: string): unknown[] {
  const isNdjson = /ndjson|jsonl|json-seq/i.test(contentType);
  if (!isNdjson) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch (error) {
      throw AppError.field("non_field_errors", `JSON parse error - ${(error as Error).message}`);
    }
    if (!Array.isArray(parsed))
      throw AppError.field(
        "non_field_errors",
        "Expected a JSON array of events (or NDJSON with content-type application/x-ndjson).",
      );
    return parsed;
  }
  return text
    .split("\n")
    .map((line) => line.trim())
    .filter(Boolean)
    .map((line, number) => {
      try {
        return JSON.parse(line);
      } catch (error) {
        return new Error(`Line ${number + 1}: JSON parse error - ${(error as Error).message}`);
      }
    });
}
