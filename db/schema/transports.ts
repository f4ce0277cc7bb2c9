import { boolean, index, pgTable, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import type { TTransportMode } from "./transport-modes";

export {
  TRANSPORT_MODE_LABELS,
  TRANSPORT_MODE_SHORT_LABELS,
  TRANSPORT_MODES,
  type TTransportMode,
} from "./transport-modes";

/** A JavaScript expression that returns a webhook body or headers (authentik's NotificationWebhookMapping). */
export const webhookMappings = pgTable(
  "notification_webhook_mappings",
  {
    pmUuid: uuid("pm_uuid").primaryKey().defaultRandom(),
    name: text("name").notNull(),
    expression: text("expression").notNull(),
    managed: text("managed"),
    created: timestamp("created", { withTimezone: true }).notNull().defaultNow(),
    lastUpdated: timestamp("last_updated", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex("notification_webhook_mappings_name_key").on(t.name)],
);

export const transports = pgTable(
  "notification_transports",
  {
    uuid: uuid("uuid").primaryKey().defaultRandom(),
    name: text("name").notNull(),
    mode: text("mode").$type<TTransportMode>().notNull().default("local"),
    /** Deliver to the first recipient only (e.g. one chat channel for the whole group). */
    sendOnce: boolean("send_once").notNull().default(false),
    webhookUrl: text("webhook_url").notNull().default(""),
    /** PEM bundle that replaces the system CAs when verifying the webhook server (private PKI, pinning). */
    webhookCaPem: text("webhook_ca_pem"),
    webhookMappingBody: uuid("webhook_mapping_body").references(() => webhookMappings.pmUuid, { onDelete: "set null" }),
    webhookMappingHeaders: uuid("webhook_mapping_headers").references(() => webhookMappings.pmUuid, {
      onDelete: "set null",
    }),
    emailSubjectPrefix: text("email_subject_prefix").notNull().default("Herald Notification: "),
    emailTemplate: text("email_template").notNull().default("default"),
    /** Standard Webhooks signing secret (`whsec_…`); null = unsigned. Never returned by the API. */
    signingSecret: text("signing_secret"),
    created: timestamp("created", { withTimezone: true }).notNull().defaultNow(),
    lastUpdated: timestamp("last_updated", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex("notification_transports_name_key").on(t.name),
    index("notification_transports_mode_idx").on(t.mode),
  ],
);

export type TTransport = typeof transports.$inferSelect;
export type TNewTransport = typeof transports.$inferInsert;
export type TWebhookMapping = typeof webhookMappings.$inferSelect;
