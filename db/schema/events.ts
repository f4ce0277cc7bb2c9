import { sql } from "drizzle-orm";
import { boolean, index, inet, jsonb, pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";

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
  },
  (t) => [
    index("events_created_idx").on(t.created.desc()),
    index("events_action_created_idx").on(t.action, t.created.desc()),
    index("events_client_ip_idx").on(t.clientIp),
    index("events_username_idx").on(sql`(${t.user}->>'username')`),
    index("events_user_pk_idx").on(sql`(${t.user}->>'pk')`),
    index("events_context_model_pk_idx").on(sql`((${t.context}->'model')->>'pk')`),
    index("events_authorized_app_idx").on(sql`((${t.context}->'authorized_application')->>'pk')`),
    index("events_expires_idx").on(t.expires).where(sql`${t.expiring}`),
  ],
);

export type TEvent = typeof events.$inferSelect;
export type TNewEvent = typeof events.$inferInsert;
