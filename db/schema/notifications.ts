import { sql } from "drizzle-orm";
import { boolean, index, integer, jsonb, pgTable, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
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
    index("notifications_user_created_idx").on(t.user, t.created.desc()),
    index("notifications_user_unseen_idx").on(t.user).where(sql`not ${t.seen}`),
    uniqueIndex("notifications_dedup_key").on(t.dedupKey),
  ],
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
  },
  (t) => [
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
export type TDelivery = typeof deliveries.$inferSelect;
export type TDeliveryAttempt = typeof deliveryAttempts.$inferSelect;
export type TRuleDecision = typeof ruleDecisions.$inferSelect;
