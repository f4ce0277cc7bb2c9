import type { DbOrTx } from "@/db/client";
import type { TEventUser } from "@/db/schema";
import { isJsonMediaType } from "@/lib/api/http";
import { findJsonProblem } from "@/lib/api/untrusted-json";
import { zodToFieldErrors } from "@/lib/api/zod-errors";
import { AppError, hasErrorCode, type TFieldErrors } from "@/lib/errors";
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
 * user, brand kept); re-importing stores nothing twice; imported items are not dispatched unless
 * asked (TBulkOptions). An import whose retention has already run
 * out gets a fresh retention period from now, so it is not deleted by the next cleanup.
 */
/**
 * Whether a bulk request's events reach the notification rules. `true` or `false` applies to every
 * item; left out, live events are dispatched and imported ones (an item carrying its own `created`,
 * as authentik's export does) are only stored, so loading last year's history pages nobody.
 */
export type TBulkOptions = { dispatch?: boolean };

export async function ingestBulk(db: DbOrTx, items: unknown[], options: TBulkOptions = {}): Promise<TBulkResult> {
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
    input.dispatch = options.dispatch ?? input.created === undefined;
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
  await storeBulk(db, valid, results);
  return {
    created: results.filter((result) => result.status === "created").length,
    existing: results.filter((result) => result.status === "existing").length,
    invalid: results.filter((result) => result.status === "invalid").length,
    results,
  };
}

/**
 * One multi-row insert for the batch. Should the database still refuse a value that validation let
 * through, the batch is retried item by item so the bad item fails alone and the rest are stored.
 */
async function storeBulk(
  db: DbOrTx,
  valid: { index: number; input: TCreateEventInput }[],
  results: TBulkItemResult[],
): Promise<void> {
  const record = (index: number, { event, created }: TCreatedEvent) => {
    results[index] = { index, status: created ? "created" : "existing", pk: event.eventUuid };
  };
  try {
    const stored = await createEvents(
      db,
      valid.map((entry) => entry.input),
      { ignoreExisting: true },
    );
    for (const [position, result] of stored.entries()) record(valid[position].index, result);
    return;
  } catch (error) {
    if (!isDataError(error)) throw error;
  }
  for (const { index, input } of valid) {
    try {
      const [stored] = await createEvents(db, [input], { ignoreExisting: true });
      record(index, stored);
    } catch (error) {
      if (!isDataError(error)) throw error;
      results[index] = { index, status: "invalid", errors: DATA_ERROR_FIELDS };
    }
  }
}

const DATA_ERROR_FIELDS: TFieldErrors = {
  non_field_errors: ["The database refused a value of this event (invalid text, number or date)."],
};

/** PostgreSQL's "data exception" (22xxx) and "program limit exceeded" (54xxx) classes: the value, not the server. */
function isDataError(error: unknown): boolean {
  return hasErrorCode(error, (code) => /^(22|54)[0-9A-Z]{3}$/.test(code));
}

const NDJSON_MEDIA_TYPE = /ndjson|jsonl|json-seq/i;

/** Bulk bodies: a JSON array, or NDJSON (one event per line; a bad line fails alone). */
export function parseBulkBody(text: string, contentType: string): unknown[] {
  const isNdjson = NDJSON_MEDIA_TYPE.test(contentType);
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
    return parsed.map((item, index) => unsafeItemError(item, `Item ${index}`) ?? item);
  }
  return text
    .split("\n")
    .map((line) => line.trim())
    .filter(Boolean)
    .map((line, number) => {
      let item: unknown;
      try {
        item = JSON.parse(line);
      } catch (error) {
        return new Error(`Line ${number + 1}: JSON parse error - ${(error as Error).message}`);
      }
      return unsafeItemError(item, `Line ${number + 1}`) ?? item;
    });
}

/** Media types the bulk endpoint reads: a JSON array, or one of the newline-delimited JSON names. */
export function isBulkMediaType(mediaType: string): boolean {
  return isJsonMediaType(mediaType) || NDJSON_MEDIA_TYPE.test(mediaType);
}

/** An item PostgreSQL could not store (NUL, lone surrogate, nesting) fails alone, like a bad line. */
function unsafeItemError(item: unknown, label: string): Error | null {
  const problem = findJsonProblem(item);
  if (!problem) return null;
  const where = problem.path.length ? ` at ${problem.path.join(".")}` : "";
  return new Error(`${label}${where}: ${problem.message}`);
}
