import { sql } from "drizzle-orm";
import {
  boolean,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from "drizzle-orm/pg-core";
import { users } from "./auth";
import { events } from "./events";
import { rules, type TSeverity } from "./rules";
import { transports } from "./transports";

/** In-app notification (the bell). Seen ones are kept as history, not deleted. */
export const notifications = pgTable(
  "notifications",
  {
    uuid: uuid("uuid").primaryKey().defaultRandom(),
    severity: text("severity").$type<TSeverity>().notNull(),
    body: text("body").notNull(),
    hyperlink: text("hyperlink"),
    hyperlinkLabel: text("hyperlink_label"),
    created: timestamp("created", { withTimezone: true }).notNull().defaultNow(),
    event: uuid("event").references(() => events.eventUuid, { onDelete: "set null" }),
    rule: uuid("rule").references(() => rules.pbmUuid, { onDelete: "set null" }),
    seen: boolean("seen").notNull().default(false),
    user: integer("user")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    /** Idempotency: one notification per (event, rule, user), so a re-run dispatch never duplicates. */
    dedupKey: text("dedup_key"),
  },
  (t) => [
    // Keyset pages of one user's bell: (created, uuid) is the cursor.
    index("notifications_user_created_idx").on(t.user, t.created.desc(), t.uuid.desc()),
    index("notifications_user_unseen_idx").on(t.user).where(sql`not ${t.seen}`),
    // Event retention sets this column to null; without the index every batch scans the table.
    index("notifications_event_idx").on(t.event),
    uniqueIndex("notifications_dedup_key").on(t.dedupKey),
  ],
);

/** The channels a user tunes separately: the bell, email, and webhooks addressed to the user. */
export const PREFERENCE_CHANNELS = ["bell", "email", "webhook"] as const;
export type TPreferenceChannel = (typeof PREFERENCE_CHANNELS)[number];

/**
 * One user's notification preferences; a missing row means the defaults (everything, no quiet
 * hours). Rules marked critical ignore them.
 */
export const notificationPreferences = pgTable("notification_preferences", {
  user: integer("user")
    .primaryKey()
    .references(() => users.id, { onDelete: "cascade" }),
  bellMinSeverity: text("bell_min_severity").$type<TSeverity>().notNull().default("notice"),
  emailMinSeverity: text("email_min_severity").$type<TSeverity>().notNull().default("notice"),
  webhookMinSeverity: text("webhook_min_severity").$type<TSeverity>().notNull().default("notice"),
  quietHoursEnabled: boolean("quiet_hours_enabled").notNull().default(false),
  /** Days the quiet window starts on, 0 = Sunday … 6 = Saturday, in timeZone. */
  quietDays: integer("quiet_days").array().notNull().default(sql`'{0,1,2,3,4,5,6}'::integer[]`),
  /** Minutes after local midnight; a start after the end spans midnight (22:00–07:00). */
  quietStartMinute: integer("quiet_start_minute").notNull().default(1320),
  quietEndMinute: integer("quiet_end_minute").notNull().default(420),
  /** IANA time zone name. */
  timeZone: text("time_zone").notNull().default("UTC"),
  updated: timestamp("updated", { withTimezone: true }).notNull().defaultNow(),
});

/** Rules a user has opted out of (critical rules still reach them). */
export const notificationRuleOptOuts = pgTable(
  "notification_rule_opt_outs",
  {
    user: integer("user")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    rule: uuid("rule")
      .notNull()
      .references(() => rules.pbmUuid, { onDelete: "cascade" }),
    created: timestamp("created", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.user, t.rule] }), index("notification_rule_opt_outs_rule_idx").on(t.rule)],
);

/** Lifecycle of one (event, rule, transport, recipient) delivery. */
export const DELIVERY_STATUSES = [
  /** queued, not tried yet */
  "pending",
  /** an attempt is in flight (claimed by one worker) */
  "sending",
  /** failed at least once; another attempt is scheduled */
  "retrying",
  /** delivered (2xx / SMTP accepted / row written) */
  "delivered",
  /** nothing to do for this recipient (e.g. no email address); reason in last_error */
  "skipped",
  /** every attempt failed; waits for a replay */
  "dead",
  /** held back (the recipient's quiet hours, a storm window) until next_attempt_at; hold_reason says why */
  "held",
  /** folded into the digest delivery named in `digest`, which is sent instead */
  "digested",
] as const;
export type TDeliveryStatus = (typeof DELIVERY_STATUSES)[number];

export const deliveries = pgTable(
  "deliveries",
  {
    uuid: uuid("uuid").primaryKey().defaultRandom(),
    event: uuid("event").references(() => events.eventUuid, { onDelete: "set null" }),
    rule: uuid("rule").references(() => rules.pbmUuid, { onDelete: "set null" }),
    transport: uuid("transport").references(() => transports.uuid, { onDelete: "set null" }),
    user: integer("user").references(() => users.id, { onDelete: "set null" }),
    notification: uuid("notification"),
    status: text("status").$type<TDeliveryStatus>().notNull().default("pending"),
    attempts: integer("attempts").notNull().default(0),
    maxAttempts: integer("max_attempts").notNull(),
    nextAttemptAt: timestamp("next_attempt_at", { withTimezone: true }),
    lastError: text("last_error"),
    /** Stable across retries: the Standard Webhooks `webhook-id`. */
    webhookId: text("webhook_id").notNull(),
    /** One row per (event, rule, transport, recipient): dispatch is idempotent. */
    dedupKey: text("dedup_key").notNull(),
    /** Snapshot of what is being delivered (severity, body, recipient), so replays send the same thing. */
    payload: jsonb("payload").$type<Record<string, unknown>>().notNull().default({}),
    created: timestamp("created", { withTimezone: true }).notNull().defaultNow(),
    updated: timestamp("updated", { withTimezone: true }).notNull().defaultNow(),
    completedAt: timestamp("completed_at", { withTimezone: true }),
    /**
     * The worker process whose attempt is in flight ('sending'); null when none, or when its claimer
     * held no worker lock. Once that worker's advisory lock is gone (lib/dispatch/worker-identity.ts)
     * the claim is taken back at once instead of after the claim timeout.
     */
    claimedBy: uuid("claimed_by"),
    /** The deliver job (pg-boss id) that holds the claim, completed when the claim is taken back. */
    claimedJob: uuid("claimed_job"),
    /** Why this delivery was held or digested (for example quiet_hours), shown in the ledger. */
    holdReason: text("hold_reason"),
    /** The digest delivery this one was folded into; a digest lists its members through this column. */
    digest: uuid("digest"),
  },
  (t) => [
    // Keyset pages of the ledger: (created, uuid) is the cursor.
    index("deliveries_created_uuid_idx").on(t.created.desc(), t.uuid.desc()),
    index("deliveries_held_idx").on(t.nextAttemptAt).where(sql`${t.status} = 'held'`),
    index("deliveries_digest_idx").on(t.digest).where(sql`${t.digest} is not null`),
    uniqueIndex("deliveries_dedup_key").on(t.dedupKey),
    index("deliveries_status_created_idx").on(t.status, t.created.desc()),
    index("deliveries_transport_idx").on(t.transport, t.created.desc()),
    index("deliveries_rule_idx").on(t.rule, t.created.desc()),
    index("deliveries_event_idx").on(t.event),
  ],
);

/** Every attempt of a delivery, for the trace view. */
export const deliveryAttempts = pgTable(
  "delivery_attempts",
  {
    uuid: uuid("uuid").primaryKey().defaultRandom(),
    delivery: uuid("delivery")
      .notNull()
      .references(() => deliveries.uuid, { onDelete: "cascade" }),
    attempt: integer("attempt").notNull(),
    startedAt: timestamp("started_at", { withTimezone: true }).notNull().defaultNow(),
    durationMs: integer("duration_ms").notNull(),
    ok: boolean("ok").notNull(),
    httpStatus: integer("http_status"),
    smtpResponse: text("smtp_response"),
    error: text("error"),
    responseExcerpt: text("response_excerpt"),
  },
  (t) => [index("delivery_attempts_delivery_idx").on(t.delivery, t.attempt)],
);

/** Why a rule did or did not fire for an event: the first hop of the delivery trace. */
export const ruleDecisions = pgTable(
  "rule_decisions",
  {
    uuid: uuid("uuid").primaryKey().defaultRandom(),
    event: uuid("event").references(() => events.eventUuid, { onDelete: "cascade" }),
    rule: uuid("rule").references(() => rules.pbmUuid, { onDelete: "cascade" }),
    passing: boolean("passing").notNull(),
    messages: jsonb("messages").$type<string[]>().notNull().default([]),
    recipients: integer("recipients").notNull().default(0),
    created: timestamp("created", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index("rule_decisions_event_idx").on(t.event),
    uniqueIndex("rule_decisions_event_rule_key").on(t.event, t.rule),
  ],
);

export type TNotification = typeof notifications.$inferSelect;
export type TNotificationPreferences = typeof notificationPreferences.$inferSelect;
export type TDelivery = typeof deliveries.$inferSelect;
export type TDeliveryAttempt = typeof deliveryAttempts.$inferSelect;
export type TRuleDecision = typeof ruleDecisions.$inferSelect;
