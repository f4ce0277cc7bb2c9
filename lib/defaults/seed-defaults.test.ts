import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { eq, inArray } from "drizzle-orm";
import {
  deliveries,
  groupMembers,
  groups,
  notifications,
  policies,
  policyBindings,
  rules,
  ruleTransports,
  transports,
} from "@/db/schema";
import { startDispatch, type TDispatcher } from "@/lib/dispatch/dispatcher";
import { createEvent } from "@/lib/events/create-event";
import { makeUser } from "@/lib/policies/test-fixtures";
import { testBackends } from "@/lib/testing/test-db";
import { waitFor } from "@/lib/testing/wait-for";
import { ADMINS_GROUP, seedDefaults } from "./seed-defaults";

for (const backend of testBackends()) {
  describe(`default objects (${backend.name})`, () => {
    let handle: Awaited<ReturnType<typeof backend.open>>;
    let dispatcher: TDispatcher;
    let adminId: number;

    before(async () => {
      handle = await backend.open();
      adminId = (await makeUser(handle.db)).id;
      assert.equal(await seedDefaults(handle.db, adminId), true);
      dispatcher = await startDispatch(handle);
    });
    after(async () => {
      await dispatcher.stop();
      await handle.dispose();
    });

    it("creates authentik's default transports, admins group, matchers and alert rules", async () => {
      const modes = await handle.db.select({ name: transports.name, mode: transports.mode }).from(transports);
      assert.deepEqual(
        modes.sort((a, b) => a.name.localeCompare(b.name)),
        [
          { name: "default-email-transport", mode: "email" },
          { name: "default-local-transport", mode: "local" },
        ],
      );
      const [admins] = await handle.db.select().from(groups).where(eq(groups.name, ADMINS_GROUP));
      assert.equal(admins.isSuperuser, true);
      assert.deepEqual(
        (await handle.db.select().from(groupMembers).where(eq(groupMembers.groupUuid, admins.uuid))).map(
          (row) => row.userId,
        ),
        [adminId],
      );
      const seededRules = await handle.db.select().from(rules);
      assert.deepEqual(seededRules.map((rule) => rule.name).sort(), [
        "default-notify-configuration-error",
        "default-notify-exception",
        "default-notify-update",
      ]);
      assert.ok(seededRules.every((rule) => rule.severity === "alert" && rule.destinationGroup === admins.uuid));
      const exception = seededRules.find((rule) => rule.name === "default-notify-exception");
      const bound = await handle.db
        .select({ action: policies.matchAction, order: policyBindings.order })
        .from(policyBindings)
        .innerJoin(policies, eq(policies.policyUuid, policyBindings.policy))
        .where(eq(policyBindings.target, exception?.pbmUuid as string));
      assert.deepEqual(
        bound.sort((a, b) => a.order - b.order),
        [
          { action: "policy_exception", order: 0 },
          { action: "property_mapping_exception", order: 1 },
        ],
      );
      assert.equal(
        (
          await handle.db
            .select()
            .from(ruleTransports)
            .where(
              inArray(
                ruleTransports.rule,
                seededRules.map((rule) => rule.pbmUuid),
              ),
            )
        ).length,
        6,
      );
    });

    it("runs once: what an administrator deletes stays deleted", async () => {
      await handle.db.delete(rules).where(eq(rules.name, "default-notify-update"));
      assert.equal(await seedDefaults(handle.db, adminId), false);
      assert.equal((await handle.db.select().from(rules).where(eq(rules.name, "default-notify-update"))).length, 0);
    });

    it("a policy exception reaches the admins' bell; email without SMTP is skipped, not dead", async () => {
      const event = await createEvent(handle.db, {
        action: "policy_exception",
        app: "herald.policies",
        context: { message: "Policy x failed", policy_uuid: "6b1b4f5e-2f43-4c1e-9d7a-1b2c3d4e5f60" },
      });
      const rows = await waitFor(
        async () => {
          const found = await handle.db.select().from(deliveries).where(eq(deliveries.event, event.eventUuid));
          return (
            found.length === 2 && found.every((row) => row.status !== "pending" && row.status !== "sending") && found
          );
        },
        "both deliveries to finish",
        { timeoutMs: 15_000 },
      );
      assert.deepEqual(rows.map((row) => row.status).sort(), ["delivered", "skipped"]);
      assert.match(rows.find((row) => row.status === "skipped")?.lastError ?? "", /HERALD_SMTP_URL/);
      const [bell] = await handle.db.select().from(notifications).where(eq(notifications.event, event.eventUuid));
      assert.equal(bell.user, adminId);
      assert.equal(bell.body, "Policy x failed");
      assert.equal(bell.severity, "alert");
    });
  });
}
