import { sql } from "drizzle-orm";
import {
  bigint,
  boolean,
  check,
  index,
  integer,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from "drizzle-orm/pg-core";
import { groups } from "./auth";
import { transports } from "./transports";

export const SEVERITIES = ["notice", "warning", "alert"] as const;
export type TSeverity = (typeof SEVERITIES)[number];

/** any = one passing binding fires the rule; all = every binding must pass. */
export const ENGINE_MODES = ["any", "all"] as const;
export type TEngineMode = (typeof ENGINE_MODES)[number];

export const rules = pgTable(
  "notification_rules",
  {
    pbmUuid: uuid("pbm_uuid").primaryKey().defaultRandom(),
    name: text("name").notNull(),
    severity: text("severity").$type<TSeverity>().notNull().default("notice"),
    destinationGroup: uuid("destination_group").references(() => groups.uuid, { onDelete: "set null" }),
    destinationEventUser: boolean("destination_event_user").notNull().default(false),
    enabled: boolean("enabled").notNull().default(true),
    /** Critical rules reach every recipient regardless of their notification preferences. */
    critical: boolean("critical").notNull().default(false),
    policyEngineMode: text("policy_engine_mode").$type<TEngineMode>().notNull().default("any"),
    managed: text("managed"),
    created: timestamp("created", { withTimezone: true }).notNull().defaultNow(),
    lastUpdated: timestamp("last_updated", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex("notification_rules_name_key").on(t.name)],
);

export const ruleTransports = pgTable(
  "notification_rule_transports",
  {
    rule: uuid("rule")
      .notNull()
      .references(() => rules.pbmUuid, { onDelete: "cascade" }),
    transport: uuid("transport")
      .notNull()
      .references(() => transports.uuid, { onDelete: "cascade" }),
  },
  (t) => [
    primaryKey({ columns: [t.rule, t.transport] }),
    index("notification_rule_transports_transport_idx").on(t.transport),
  ],
);

/**
 * One row whose version changes (statement triggers, migration 0004) whenever anything the rule
 * index holds changes: rules, their transports, policies, bindings, bound group names and usernames.
 * Dispatch keeps the index in memory and reloads it only when this version moved. Values come from
 * a sequence, so a rolled-back change's version is never reused by a committed one.
 */
export const ruleIndexVersion = pgTable(
  "rule_index_version",
  {
    id: integer("id").primaryKey().default(1),
    version: bigint("version", { mode: "number" }).notNull(),
    /** Random per database: two databases (tests, a restored copy) never share a version. */
    instance: uuid("instance").notNull().defaultRandom(),
  },
  (t) => [check("rule_index_version_single_row", sql`${t.id} = 1`)],
);

export type TRule = typeof rules.$inferSelect;
export type TNewRule = typeof rules.$inferInsert;
