import { and, asc, count, desc, eq, gte, ilike, inArray, isNotNull, lt, or, type SQL, sql } from "drizzle-orm";
import { type DbOrTx, rowsOf } from "@/db/client";
import { events, type TEvent } from "@/db/schema";
import { parseAkql } from "@/lib/akql/parse";
import { akqlToSql } from "@/lib/akql/sql";
import { likePattern } from "@/lib/api/like";
import { offsetOf, paginate, type TPaginated } from "@/lib/api/pagination";
import { AppError } from "@/lib/errors";
import { serializeEvent, type TSerializedEvent } from "./serialize";
import type { TEventFilters, TEventListQuery, TVolumeQuery } from "./validation";
import { volumeBucket } from "./volume-bucket";

export { volumeBucket };

export const EVENT_NOT_FOUND = "No Event matches the given query.";

/** The indexed search text (db/schema/events.ts events_search_trgm_idx); both must stay identical. */
export const eventSearchText = sql`lower(${events.eventUuid}::text || ' ' || ${events.action} || ' ' || ${events.app} || ' ' || coalesce(${events.user}->>'username', '') || ' ' || coalesce(host(${events.clientIp}), '') || ' ' || left(${events.context}::text, 2000))`;

/** Every word must occur (case-insensitive substring), as authentik's icontains search across fields. */
function searchCondition(search: string): SQL | undefined {
  const words = search.toLowerCase().split(/\s+/).filter(Boolean).slice(0, 8);
  return words.length ? and(...words.map((word) => sql`${eventSearchText} like ${likePattern(word)}`)) : undefined;
}

/** Whether `search` is read as AKQL; when it is not, the list falls back to plain text and says why. */
export function searchMode(search: string | undefined): { valid: boolean; error: string | null } | null {
  if (!search) return null;
  const parsed = parseAkql(search);
  return parsed.ok ? { valid: true, error: null } : { valid: false, error: parsed.error.message };
}

/** AKQL when the text parses as AKQL, otherwise authentik's fallback: plain-text search. */
function searchFilter(search: string): SQL | undefined {
  const parsed = parseAkql(search);
  return parsed.ok ? akqlToSql(parsed.ast) : searchCondition(search);
}

const STR = { type: "str", nullable: false };
/** The searchable fields, in djangoql's introspection shape as authentik's `autocomplete` carries it. */
export const EVENT_AUTOCOMPLETE = {
  current_model: "authentik_events.event",
  models: {
    "authentik_events.event": {
      action: { ...STR, options: true },
      event_uuid: STR,
      app: { ...STR, options: true },
      client_ip: { ...STR, nullable: true },
      user: { type: "relation", nullable: false, relation: "authentik_events.event_user" },
      brand: { type: "relation", nullable: false, relation: "authentik_events.event_brand" },
      context: { type: "relation", nullable: false, relation: "authentik_events.event_context" },
      created: { type: "datetime", nullable: false, options: true },
    },
    "authentik_events.event_user": {
      pk: { type: "str", nullable: true },
      username: { type: "str", nullable: true },
      email: { type: "str", nullable: true },
    },
    "authentik_events.event_brand": {},
    "authentik_events.event_context": {},
  },
};

/** The WHERE of the list, volume, map and export: one definition of what a filter means. */
export function eventFilters(filters: TEventFilters): SQL | undefined {
  const modelPk = filters.context_model_pk?.replaceAll("-", "");
  return and(
    filters.action ? ilike(events.action, likePattern(filters.action)) : undefined,
    filters.actions?.length ? inArray(events.action, filters.actions) : undefined,
    filters.client_ip ? sql`${events.clientIp} = ${filters.client_ip}::inet` : undefined,
    filters.username
      ? or(
          sql`${events.user}->>'username' = ${filters.username}`,
          sql`${events.context}->>'username' = ${filters.username}`,
        )
      : undefined,
    modelPk ? sql`replace((${events.context}->'model')->>'pk', '-', '') = ${modelPk}` : undefined,
    filters.context_model_name
      ? sql`(${events.context}->'model')->>'model_name' = ${filters.context_model_name}`
      : undefined,
    filters.context_model_app ? sql`(${events.context}->'model')->>'app' = ${filters.context_model_app}` : undefined,
    filters.context_authorized_app
      ? sql`(${events.context}->'authorized_application')->>'pk' = ${filters.context_authorized_app.replaceAll("-", "")}`
      : undefined,
    filters.brand_name ? sql`${events.brand}->>'name' = ${filters.brand_name}` : undefined,
    filters.app ? eq(events.app, filters.app) : undefined,
    filters.search ? searchFilter(filters.search) : undefined,
    filters.context_device
      ? sql`replace(${events.context}#>>'{device,pk}', '-', '') = ${filters.context_device.replaceAll("-", "")}`
      : undefined,
    filters.created__gte ? gte(events.created, filters.created__gte) : undefined,
    filters.created__lt ? lt(events.created, filters.created__lt) : undefined,
    filters.country ? eq(events.geoCountry, filters.country.toUpperCase()) : undefined,
    filters.geo_bbox
      ? sql`${events.geoLat} between ${filters.geo_bbox[0]} and ${filters.geo_bbox[2]} and ${events.geoLong} between ${filters.geo_bbox[1]} and ${filters.geo_bbox[3]}`
      : undefined,
    filters.has_geo === true
      ? isNotNull(events.geoLat)
      : filters.has_geo === false
        ? sql`${events.geoLat} is null`
        : undefined,
  );
}

const ORDER_COLUMNS: Record<string, SQL | typeof events.created> = {
  created: events.created,
  action: sql`${events.action}`,
  app: sql`${events.app}`,
  user: sql`${events.user}->>'username'`,
  client_ip: sql`${events.clientIp}`,
  brand: sql`${events.brand}->>'name'`,
};

export type TEventList = Omit<TPaginated<TSerializedEvent>, "autocomplete"> & {
  autocomplete: typeof EVENT_AUTOCOMPLETE;
  /** Herald: how `search` was read; valid=false means it fell back to plain-text search. */
  akql?: { valid: boolean; error: string | null };
};

export async function listEvents(db: DbOrTx, query: TEventListQuery): Promise<TEventList> {
  const where = eventFilters(query);
  const key = query.ordering.replace(/^-/, "");
  const column = ORDER_COLUMNS[key] ?? events.created;
  const direction = query.ordering.startsWith("-") ? desc : asc;
  const [[{ total }], rows] = await Promise.all([
    db.select({ total: count() }).from(events).where(where),
    db
      .select()
      .from(events)
      .where(where)
      .orderBy(direction(column), ...(key === "created" ? [] : [desc(events.created)]), direction(events.eventUuid))
      .limit(query.page_size)
      .offset(offsetOf(query)),
  ]);
  const mode = searchMode(query.search);
  return {
    ...paginate(query, total, rows.map(serializeEvent)),
    autocomplete: EVENT_AUTOCOMPLETE,
    ...(mode ? { akql: mode } : {}),
  };
}

export async function findEvent(db: DbOrTx, uuid: string): Promise<TEvent> {
  const [row] = await db.select().from(events).where(eq(events.eventUuid, uuid));
  if (!row) throw AppError.notFound(EVENT_NOT_FOUND);
  return row;
}

export type TVolumePoint = { action: string; time: string; count: number };

/** Events per action and bucket over the last `history_days`, honouring every list filter. */
export async function eventVolume(db: DbOrTx, query: TVolumeQuery, now = new Date()): Promise<TVolumePoint[]> {
  const bucket = volumeBucket(query.history_days);
  const since = new Date(now.getTime() - query.history_days * 24 * 3600 * 1000);
  const where = and(eventFilters(query), gte(events.created, since));
  const bucketExpr = sql`date_bin(${`${bucket.seconds} seconds`}::interval, ${events.created}, timestamptz '2000-01-01 00:00:00+00')`;
  const rows = rowsOf<{ action: string; time: Date | string; count: number | string }>(
    await db.execute(
      sql`select ${events.action} as action, ${bucketExpr} as time, count(*) as count from ${events} where ${where} group by 1, 2 order by 2, 1`,
    ),
  );
  return rows.map((row) => ({ action: row.action, time: new Date(row.time).toISOString(), count: Number(row.count) }));
}

export type TTopPerUser = { application: Record<string, unknown>; counted_events: number; unique_users: number };

/** authentik's top_per_user: the most used authorized applications for an action. */
export async function topPerUser(db: DbOrTx, action: string, topN: number): Promise<TTopPerUser[]> {
  const rows = rowsOf<{
    application: Record<string, unknown>;
    counted_events: number | string;
    unique_users: number | string;
  }>(
    await db.execute(sql`
      select ${events.context}->'authorized_application' as application, count(*) as counted_events,
             count(distinct ${events.user}->>'pk') as unique_users
        from ${events}
       where ${events.action} = ${action} and (${events.context}->'authorized_application') is not null
       group by 1 order by 2 desc limit ${topN}`),
  );
  return rows.map((row) => ({
    application: row.application,
    counted_events: Number(row.counted_events),
    unique_users: Number(row.unique_users),
  }));
}
