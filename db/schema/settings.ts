import { jsonb, pgTable, text, timestamp } from "drizzle-orm/pg-core";

/** One row per setting key; values are validated by lib/settings before they are written. */
export const settings = pgTable("settings", {
  key: text("key").primaryKey(),
  value: jsonb("value").notNull(),
  updated: timestamp("updated", { withTimezone: true }).notNull().defaultNow(),
});

export type TSetting = typeof settings.$inferSelect;
