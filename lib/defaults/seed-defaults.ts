import { and, eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import {
  groupMembers,
  groups,
  policies,
  policyBindings,
  rules,
  ruleTransports,
  settings,
  transports,
} from "@/db/schema";
import { logger } from "@/lib/logger";

/** Marker row: the defaults are created once; an administrator may then change or delete them for good. */
const MARKER = "defaults_seeded";

export const ADMINS_GROUP = "Herald Admins";

const MATCHERS = [
  { name: "default-match-configuration-error", action: "configuration_error" },
  { name: "default-match-update", action: "update_available" },
  { name: "default-match-policy-exception", action: "policy_exception" },
  { name: "default-match-property-mapping-exception", action: "property_mapping_exception" },
] as const;

const RULES = [
  { name: "default-notify-configuration-error", matchers: ["default-match-configuration-error"] },
  { name: "default-notify-update", matchers: ["default-match-update"] },
  {
    name: "default-notify-exception",
    matchers: ["default-match-policy-exception", "default-match-property-mapping-exception"],
  },
] as const;

/**
 * authentik's "Default - Events Transport & Rules" blueprint, Herald-named: a local and an
 * email transport, the Herald Admins group (with the bootstrap administrator), event matchers and
 * alert rules for configuration errors, updates and policy/mapping exceptions. Objects that already
 * exist by name are kept as they are. Runs in one transaction, once per database.
 */
export async function seedDefaults(db: Db, adminId: number | null): Promise<boolean> {
  return db.transaction(async (tx) => {
    const [marker] = await tx.select().from(settings).where(eq(settings.key, MARKER));
    if (marker) return false;

    const transportIds: string[] = [];
    for (const values of [
      { name: "default-local-transport", mode: "local" as const },
      { name: "default-email-transport", mode: "email" as const },
    ]) {
      const [existing] = await tx.select().from(transports).where(eq(transports.name, values.name));
      transportIds.push(existing?.uuid ?? (await tx.insert(transports).values(values).returning())[0].uuid);
    }

    let [admins] = await tx.select().from(groups).where(eq(groups.name, ADMINS_GROUP));
    admins ??= (await tx.insert(groups).values({ name: ADMINS_GROUP, isSuperuser: true }).returning())[0];
    if (adminId !== null)
      await tx.insert(groupMembers).values({ groupUuid: admins.uuid, userId: adminId }).onConflictDoNothing();

    const matcherIds = new Map<string, string>();
    for (const matcher of MATCHERS) {
      const [existing] = await tx.select().from(policies).where(eq(policies.name, matcher.name));
      const uuid =
        existing?.policyUuid ??
        (
          await tx
            .insert(policies)
            .values({ name: matcher.name, kind: "event_matcher", matchAction: matcher.action })
            .returning()
        )[0].policyUuid;
      matcherIds.set(matcher.name, uuid);
    }

    for (const spec of RULES) {
      const [existing] = await tx.select().from(rules).where(eq(rules.name, spec.name));
      if (existing) continue;
      const [rule] = await tx
        .insert(rules)
        .values({
          name: spec.name,
          severity: "alert",
          destinationGroup: admins.uuid,
          managed: `herald.default.${spec.name}`,
        })
        .returning();
      await tx.insert(ruleTransports).values(transportIds.map((transport) => ({ rule: rule.pbmUuid, transport })));
      for (const [order, matcher] of spec.matchers.entries()) {
        const policy = matcherIds.get(matcher) as string;
        const [bound] = await tx
          .select()
          .from(policyBindings)
          .where(and(eq(policyBindings.target, rule.pbmUuid), eq(policyBindings.policy, policy)));
        if (!bound) await tx.insert(policyBindings).values({ target: rule.pbmUuid, policy, order });
      }
    }

    await tx.insert(settings).values({ key: MARKER, value: { at: new Date().toISOString() } });
    logger.info("default transports, group, policies and rules created");
    return true;
  });
}
