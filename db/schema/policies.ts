import { sql } from "drizzle-orm";
import { boolean, check, index, integer, pgTable, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { groups, users } from "./auth";
import { rules } from "./rules";

/** Policy kinds Herald evaluates. */
export const POLICY_KINDS = ["event_matcher", "expression"] as const;
export type TPolicyKind = (typeof POLICY_KINDS)[number];

/**
 * One table for every policy kind (a discriminator instead of authentik's multi-table inheritance).
 * Matcher columns are indexed so dispatch can find candidate rules for an event without scanning.
 */
export const policies = pgTable(
  "policies",
  {
    policyUuid: uuid("policy_uuid").primaryKey().defaultRandom(),
    name: text("name").notNull(),
    kind: text("kind").$type<TPolicyKind>().notNull(),
    /** Log every run as policy_execution, not only failures. */
    executionLogging: boolean("execution_logging").notNull().default(false),
    /** Event matcher: each set field must equal the event's (AND); null = not checked. */
    matchAction: text("match_action"),
    /** Canonical text form (lib/auth/client-ip normalizeIp), so SQL equality with the event's IP works. */
    matchClientIp: text("match_client_ip"),
    matchApp: text("match_app"),
    /** "<app>.<model_name>" as in context.model. */
    matchModel: text("match_model"),
    /** Expression policy: JavaScript run in the QuickJS sandbox. */
    expression: text("expression"),
    managed: text("managed"),
    created: timestamp("created", { withTimezone: true }).notNull().defaultNow(),
    lastUpdated: timestamp("last_updated", { withTimezone: true }).notNull().defaultNow(),
  },
  // Indexed by each matcher's most specific set field — action, else app, else model, else client
  // IP — for the SQL candidate lookup that the in-memory rule index (lib/policies/rule-index.ts,
  // keyed the same way) has replaced; the action index also serves the list's action filter.
  (t) => [
    uniqueIndex("policies_name_key").on(t.name),
    index("policies_match_action_idx").on(t.matchAction),
    index("policies_match_app_idx").on(t.matchApp).where(sql`${t.matchAction} is null`),
    index("policies_match_model_idx").on(t.matchModel).where(sql`${t.matchAction} is null and ${t.matchApp} is null`),
    index("policies_match_client_ip_idx")
      .on(t.matchClientIp)
      .where(sql`${t.matchAction} is null and ${t.matchApp} is null and ${t.matchModel} is null`),
    /** Policies that cannot be pre-filtered by event fields (expressions): always candidates. */
    index("policies_non_matcher_idx").on(t.kind).where(sql`${t.kind} <> 'event_matcher'`),
  ],
);

/** Binds a policy, a group or a user to a notification rule (authentik's PolicyBinding). */
export const policyBindings = pgTable(
  "policy_bindings",
  {
    policyBindingUuid: uuid("policy_binding_uuid").primaryKey().defaultRandom(),
    target: uuid("target")
      .notNull()
      .references(() => rules.pbmUuid, { onDelete: "cascade" }),
    policy: uuid("policy").references(() => policies.policyUuid, { onDelete: "cascade" }),
    group: uuid("group").references(() => groups.uuid, { onDelete: "cascade" }),
    user: integer("user").references(() => users.id, { onDelete: "cascade" }),
    negate: boolean("negate").notNull().default(false),
    enabled: boolean("enabled").notNull().default(true),
    order: integer("order").notNull(),
    /** Seconds; enforced (authentik waits and then blocks anyway). */
    timeout: integer("timeout").notNull().default(30),
    /** Result used when the policy throws or times out. */
    failureResult: boolean("failure_result").notNull().default(false),
    created: timestamp("created", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index("policy_bindings_target_idx").on(t.target),
    index("policy_bindings_policy_idx").on(t.policy),
    /** Bindings every event must consider: group/user bindings and negated ones. */
    index("policy_bindings_unconditional_idx").on(t.target).where(sql`${t.policy} is null or ${t.negate}`),
    uniqueIndex("policy_bindings_policy_target_order_key").on(t.policy, t.target, t.order),
    check(
      "policy_bindings_exactly_one_subject",
      sql`(case when ${t.policy} is null then 0 else 1 end + case when ${t.group} is null then 0 else 1 end + case when ${t.user} is null then 0 else 1 end) = 1`,
    ),
  ],
);

export type TPolicy = typeof policies.$inferSelect;
export type TNewPolicy = typeof policies.$inferInsert;
export type TPolicyBinding = typeof policyBindings.$inferSelect;
