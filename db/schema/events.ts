import { sql } from "drizzle-orm";
import {
  boolean,
  doublePrecision,
  index,
  inet,
  integer,
  jsonb,
  pgTable,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from "drizzle-orm/pg-core";
import { users } from "./auth";

/** Snapshot of the acting user, not a foreign key: events outlive accounts. */
export type TEventUser = {
  pk?: number | string;
  username?: string;
  email?: string;
  on_behalf_of?: TEventUser;
  authenticated_as?: TEventUser;
  [key: string]: unknown;
};

/** Snapshot of a model as authentik writes it into context/brand. */
export type TModelRef = { app: string; model_name: string; pk: string | number; name: string };

export const events = pgTable(
  "events",
  {
    eventUuid: uuid("event_uuid").primaryKey().defaultRandom(),
    user: jsonb("user").$type<TEventUser>().notNull().default({}),
    action: text("action").notNull(),
    app: text("app").notNull(),
    context: jsonb("context").$type<Record<string, unknown>>().notNull().default({}),
    clientIp: inet("client_ip"),
    created: timestamp("created", { withTimezone: true }).notNull().defaultNow(),
    /** Retention deadline, computed once at insert from the retention setting. */
    expires: timestamp("expires", { withTimezone: true }).notNull(),
    expiring: boolean("expiring").notNull().default(true),
    brand: jsonb("brand").$type<Partial<TModelRef>>().notNull().default({}),
    /**
     * context.geo's coordinates and country, copied out at insert when they are well-formed numbers,
     * so the map aggregates columns instead of parsing JSON (and bad client data can't fail an insert).
     */
    geoLat: doublePrecision("geo_lat"),
    geoLong: doublePrecision("geo_long"),
    geoCountry: text("geo_country"),
  },
  (t) => [
    // (created, action): the list's default order, time-range filters and the volume chart's
    // index-only scans.
    index("events_created_action_idx").on(t.created, t.action),
    index("events_action_created_idx").on(t.action, t.created.desc()),
    // Keyset pages: (created, event_uuid) is the cursor, so a page deep in the log is one index range.
    index("events_created_uuid_idx").on(t.created.desc(), t.eventUuid.desc()),
    index("events_user_email_idx").on(sql`(${t.user}->>'email')`),
    index("events_client_ip_idx").on(t.clientIp),
    index("events_username_idx").on(sql`(${t.user}->>'username')`),
    index("events_context_username_idx").on(sql`(${t.context}->>'username')`),
    index("events_user_pk_idx").on(sql`(${t.user}->>'pk')`),
    index("events_context_model_pk_idx").on(sql`((${t.context}->'model')->>'pk')`),
    index("events_authorized_app_idx").on(sql`((${t.context}->'authorized_application')->>'pk')`),
    index("events_brand_name_idx").on(sql`(${t.brand}->>'name')`),
    index("events_geo_country_idx").on(t.geoCountry, t.created),
    index("events_expires_idx").on(t.expires).where(sql`${t.expiring}`),
    // Free-text search (ILIKE '%…%') through trigrams; the expression must match eventSearchText in lib/events/queries.ts.
    index("events_search_trgm_idx").using(
      "gin",
      sql`lower(${t.eventUuid}::text || ' ' || ${t.action} || ' ' || ${t.app} || ' ' || coalesce(${t.user}->>'username', '') || ' ' || coalesce(host(${t.clientIp}), '') || ' ' || left(${t.context}::text, 2000)) gin_trgm_ops`,
    ),
  ],
);

/** A user's named event-log searches (AKQL or plain text), shown beside the search box. */
export const savedSearches = pgTable(
  "saved_searches",
  {
    uuid: uuid("uuid").primaryKey().defaultRandom(),
    user: integer("user")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    name: text("name").notNull(),
    query: text("query").notNull(),
    created: timestamp("created", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex("saved_searches_user_name_key").on(t.user, t.name)],
);

export type TEvent = typeof events.$inferSelect;
export type TSavedSearch = typeof savedSearches.$inferSelect;
export type TNewEvent = typeof events.$inferInsert;
