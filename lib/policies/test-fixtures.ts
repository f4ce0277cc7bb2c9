/** Test-only helpers: rows inserted directly, so engine tests do not depend on the API layers. */
import type { Db } from "@/db/client";
import {
  groupMembers,
  groups,
  policies,
  policyBindings,
  rules,
  ruleTransports,
  type TEngineMode,
  type TEvent,
  type TNewPolicy,
  type TPolicy,
  type TPolicyBinding,
  type TRule,
  users,
} from "@/db/schema";
import { createEvent, type TCreateEventInput } from "@/lib/events/create-event";

let counter = 0;
const unique = (prefix: string) => `${prefix}-${++counter}-${Math.random().toString(36).slice(2, 7)}`;

export async function makeUser(db: Db, options: { active?: boolean; groups?: string[] } = {}) {
  const [user] = await db
    .insert(users)
    .values({ username: unique("user"), email: `${unique("mail")}@example.test`, isActive: options.active ?? true })
    .returning();
  for (const group of options.groups ?? []) await db.insert(groupMembers).values({ groupUuid: group, userId: user.id });
  return user;
}

export async function makeGroup(db: Db, parentUuid: string | null = null, name = unique("group")) {
  const [group] = await db.insert(groups).values({ name, parentUuid }).returning();
  return group;
}

type TRuleOptions = { mode?: TEngineMode; enabled?: boolean; name?: string } & Partial<
  Pick<TRule, "destinationGroup" | "destinationEventUser" | "severity">
>;

export async function makeRule(db: Db, options: TRuleOptions = {}): Promise<TRule> {
  const { mode, enabled, name, ...destination } = options;
  const [rule] = await db
    .insert(rules)
    .values({ name: name ?? unique("rule"), policyEngineMode: mode ?? "any", enabled: enabled ?? true, ...destination })
    .returning();
  return rule;
}

/** A rule that fires for `action` (one bound event matcher) and notifies through `transports` (none = the bell). */
export async function makeNotifyingRule(
  db: Db,
  action: string,
  options: TRuleOptions & { transports?: string[] } = {},
): Promise<TRule> {
  const { transports = [], ...ruleOptions } = options;
  const rule = await makeRule(db, ruleOptions);
  for (const transport of transports) await db.insert(ruleTransports).values({ rule: rule.pbmUuid, transport });
  await bind(db, rule, { policy: (await makeMatcher(db, { matchAction: action })).policyUuid });
  return rule;
}

export async function makeMatcher(
  db: Db,
  fields: Partial<Pick<TNewPolicy, "matchAction" | "matchApp" | "matchModel" | "matchClientIp" | "executionLogging">>,
): Promise<TPolicy> {
  const [policy] = await db
    .insert(policies)
    .values({ name: unique("matcher"), kind: "event_matcher", ...fields })
    .returning();
  return policy;
}

export async function makeExpression(db: Db, expression: string, executionLogging = false): Promise<TPolicy> {
  const [policy] = await db
    .insert(policies)
    .values({ name: unique("expr"), kind: "expression", expression, executionLogging })
    .returning();
  return policy;
}

type TBindOptions = Partial<Pick<TPolicyBinding, "negate" | "enabled" | "order" | "timeout" | "failureResult">>;

export async function bind(
  db: Db,
  rule: TRule,
  subject: { policy: string } | { group: string } | { user: number },
  options: TBindOptions = {},
): Promise<TPolicyBinding> {
  const [binding] = await db
    .insert(policyBindings)
    .values({ target: rule.pbmUuid, order: options.order ?? counter++, ...subject, ...options })
    .returning();
  return binding;
}

export function makeEvent(db: Db, input: Partial<TCreateEventInput> = {}): Promise<TEvent> {
  return createEvent(db, { action: "login", app: "herald.core", ...input });
}
