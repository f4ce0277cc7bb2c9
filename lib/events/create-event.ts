import { randomUUID } from "node:crypto";
import { inArray, sql } from "drizzle-orm";
import { type DbOrTx, rowsOf } from "@/db/client";
import { events, type TEvent, type TEventUser, type TModelRef, type TNewEvent } from "@/db/schema";
import { logger } from "@/lib/logger";
import { normalizeAction } from "./action-catalogue";
import { enrichContext } from "./enrich";
import { runEventCommitHooks, runEventInsertHooks } from "./insert-hooks";
import { toJsonSafe } from "./json-safe";
import { maskSecrets } from "./mask-secrets";
import { eventRetentionCached, expiryFor } from "./retention";

export type TCreateEventInput = {
  action: string;
  app: string;
  context?: Record<string, unknown>;
  user?: TEventUser;
  clientIp?: string | null;
  brand?: Partial<TModelRef>;
  /** Client-supplied primary key (idempotent creates, imports). */
  eventUuid?: string;
  /** Only for imports of existing events; defaults to now. */
  created?: Date;
  expires?: Date;
  /**
   * false: store the event without running the insert hooks, so no rule is evaluated and nobody is
   * notified (imports of past events). Default true.
   */
  dispatch?: boolean;
};

export type TCreatedEvent = { event: TEvent; created: boolean };

/** Snapshot of a Herald user as authentik stores it on events. */
export function userSnapshot(user: { id: number; username: string; email: string }): TEventUser {
  return { pk: user.id, username: user.username, email: user.email };
}

const finite = (value: unknown): number | null => (typeof value === "number" && Number.isFinite(value) ? value : null);

/** context.geo copied into columns for the map, only when well-formed. */
function geoColumns(context: Record<string, unknown>): Pick<TNewEvent, "geoLat" | "geoLong" | "geoCountry"> {
  const geo = context.geo && typeof context.geo === "object" ? (context.geo as Record<string, unknown>) : {};
  const lat = finite(geo.lat);
  const long = finite(geo.long);
  const valid = lat !== null && long !== null && Math.abs(lat) <= 90 && Math.abs(long) <= 180;
  const country = typeof geo.country === "string" && geo.country.length <= 8 ? geo.country : null;
  return { geoLat: valid ? lat : null, geoLong: valid ? long : null, geoCountry: country };
}

function prepare(input: TCreateEventInput, retention: string): TNewEvent {
  const created = input.created ?? new Date();
  const context = maskSecrets(toJsonSafe(input.context ?? {})) as Record<string, unknown>;
  const enriched = input.clientIp ? enrichContext(context, input.clientIp) : context;
  return {
    eventUuid: input.eventUuid ?? randomUUID(),
    action: normalizeAction(input.action),
    app: input.app,
    context: enriched,
    user: (maskSecrets(toJsonSafe(input.user ?? {})) as TEventUser) ?? {},
    clientIp: input.clientIp ?? null,
    brand: input.brand ?? {},
    created,
    expires: input.expires ?? expiryFor(created, retention),
    ...geoColumns(enriched),
  };
}

const jsonColumn = <T>(value: unknown): T => (typeof value === "string" ? JSON.parse(value) : value) as T;
const numberOrNull = (value: unknown): number | null => (value === null || value === undefined ? null : Number(value));

/**
 * One INSERT whose rows travel as a single JSON parameter (jsonb_to_recordset): for a 1,000-event
 * batch this is ~40% faster than binding 12,000 parameters, and the same SQL runs on PGlite.
 */
async function insertRows(db: DbOrTx, rows: TNewEvent[], ignoreExisting: boolean): Promise<TEvent[]> {
  const payload = rows.map((row) => ({
    event_uuid: row.eventUuid,
    user: row.user,
    action: row.action,
    app: row.app,
    context: row.context,
    client_ip: row.clientIp,
    created: (row.created as Date).toISOString(),
    expires: (row.expires as Date).toISOString(),
    brand: row.brand,
    geo_lat: row.geoLat,
    geo_long: row.geoLong,
    geo_country: row.geoCountry,
  }));
  const result = await db.execute(sql`
    insert into ${events} (event_uuid, "user", action, app, context, client_ip, created, expires, brand, geo_lat, geo_long, geo_country)
    select event_uuid, "user", action, app, context, client_ip, created, expires, brand, geo_lat, geo_long, geo_country
      from jsonb_to_recordset(${JSON.stringify(payload)}::jsonb) as x(event_uuid uuid, "user" jsonb, action text, app text,
        context jsonb, client_ip inet, created timestamptz, expires timestamptz, brand jsonb, geo_lat float8, geo_long float8, geo_country text)
    ${ignoreExisting ? sql`on conflict (event_uuid) do nothing` : sql``}
    returning *`);
  return rowsOf<Record<string, unknown>>(result).map((row) => ({
    eventUuid: row.event_uuid as string,
    user: jsonColumn<TEventUser>(row.user),
    action: row.action as string,
    app: row.app as string,
    context: jsonColumn<Record<string, unknown>>(row.context),
    clientIp: (row.client_ip as string | null) ?? null,
    created: new Date(row.created as string | Date),
    expires: new Date(row.expires as string | Date),
    expiring: Boolean(row.expiring),
    brand: jsonColumn<Partial<TModelRef>>(row.brand),
    geoLat: numberOrNull(row.geo_lat),
    geoLong: numberOrNull(row.geo_long),
    geoCountry: (row.geo_country as string | null) ?? null,
  }));
}

/**
 * The one way to create events: sanitise to JSON, mask secrets, enrich (GeoIP/ASN), set the
 * retention deadline and insert — inside the caller's transaction when given one, so audit rows
 * commit or roll back with the change they describe. Insert hooks (dispatch enqueue) run in the
 * same transaction, once per batch, for newly inserted rows only, and not for inputs with
 * `dispatch: false`.
 *
 * `ignoreExisting`: an event whose pk is already stored is not inserted again; its stored row is
 * returned with `created: false` (idempotent API creates, re-imports).
 */
export async function createEvents(
  db: DbOrTx,
  inputs: TCreateEventInput[],
  options: { ignoreExisting?: boolean } = {},
): Promise<TCreatedEvent[]> {
  if (inputs.length === 0) return [];
  const retention = await eventRetentionCached(db);
  const rows = inputs.map((input) => prepare(input, retention));
  const silent = new Set(
    rows.filter((_, index) => inputs[index].dispatch === false).map((row) => row.eventUuid as string),
  );
  const results = await db.transaction(async (tx) => {
    const inserted = await insertRows(tx, rows, options.ignoreExisting ?? false);
    await runEventInsertHooks(tx, silent.size ? inserted.filter((row) => !silent.has(row.eventUuid)) : inserted);
    const byUuid = new Map(inserted.map((row) => [row.eventUuid, { event: row, created: true }]));
    const missing = rows.map((row) => row.eventUuid as string).filter((uuid) => !byUuid.has(uuid));
    if (missing.length) {
      for (const row of await tx.select().from(events).where(inArray(events.eventUuid, missing)))
        byUuid.set(row.eventUuid, { event: row, created: false });
    }
    return rows.map((row) => byUuid.get(row.eventUuid as string) as TCreatedEvent);
  });
  const fresh = results.filter((result) => result.created).map((result) => result.event);
  runEventCommitHooks(silent.size ? fresh.filter((event) => !silent.has(event.eventUuid)) : fresh);
  // The whole event on its log line, as authentik logs it, so forwarded container logs are a full
  // export; the context was masked before it was stored.
  for (const event of fresh) {
    logger.info(
      {
        event_uuid: event.eventUuid,
        action: event.action,
        app: event.app,
        user: event.user,
        client_ip: event.clientIp,
        brand: event.brand,
        created: event.created.toISOString(),
        expires: event.expires.toISOString(),
        context: event.context,
        ...(silent.has(event.eventUuid) ? { dispatch: false } : {}),
      },
      "event created",
    );
  }
  return results;
}

export async function createEvent(db: DbOrTx, input: TCreateEventInput): Promise<TEvent> {
  const [result] = await createEvents(db, [input]);
  return result.event;
}
