import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { eq } from "drizzle-orm";
import {
  deliveries,
  events,
  notifications,
  rules,
  ruleTransports,
  type TNewTransport,
  type TRule,
  transports,
  webhookMappings,
} from "@/db/schema";
import { resetEnvCache } from "@/lib/env";
import {
  bind,
  makeEvent,
  makeExpression,
  makeGroup,
  makeMatcher,
  makeRule,
  makeUser,
} from "@/lib/policies/test-fixtures";
import { startHttpReceiver, type THttpReceiver } from "@/lib/testing/receivers";
import { testBackends } from "@/lib/testing/test-db";
import { attemptDelivery } from "./deliver";
import { planDeliveries } from "./plan";

/**
 * authentik's own notification test scenarios (six of them), run through Herald's planner and
 * delivery step directly (the queue around them is covered by dispatch.test.ts).
 */
for (const backend of testBackends()) {
  describe(`authentik notification scenarios (${backend.name})`, () => {
    let handle: Awaited<ReturnType<typeof backend.open>>;
    let receiver: THttpReceiver;
    let counter = 0;

    before(async () => {
      process.env.HERALD_WEBHOOK_ALLOW_NETWORKS = "127.0.0.1/32";
      resetEnvCache();
      handle = await backend.open();
      receiver = await startHttpReceiver();
    });
    after(async () => {
      await receiver.close();
      await handle.dispose();
      delete process.env.HERALD_WEBHOOK_ALLOW_NETWORKS;
      resetEnvCache();
    });

    const transport = async (values: Partial<TNewTransport> = {}) =>
      (
        await handle.db
          .insert(transports)
          .values({ name: `s-${++counter}`, mode: "webhook", webhookUrl: receiver.url, ...values })
          .returning()
      )[0];
    const configure = async (rule: TRule, values: { group?: string | null; transports?: string[] }) => {
      await handle.db
        .update(rules)
        .set({ destinationGroup: values.group ?? null })
        .where(eq(rules.pbmUuid, rule.pbmUuid));
      for (const uuid of values.transports ?? [])
        await handle.db.insert(ruleTransports).values({ rule: rule.pbmUuid, transport: uuid });
    };
    /** Plans and performs every delivery of the event; returns how many requests reached the receiver. */
    const dispatch = async (action: string) => {
      const before = receiver.requests.length;
      const event = await makeEvent(handle.db, { action });
      const plan = await planDeliveries(handle.db, event, 3);
      for (const { uuid } of plan.deliveries) await attemptDelivery(handle.db, uuid, []);
      return { event, plan, sent: receiver.requests.length - before };
    };

    it("1. a rule with a transport and a group but no bindings delivers nothing", async () => {
      const group = await makeGroup(handle.db);
      await makeUser(handle.db, { groups: [group.uuid] });
      await configure(await makeRule(handle.db), { group: group.uuid, transports: [(await transport()).uuid] });
      assert.equal((await dispatch("custom_scenario_1")).sent, 0);
    });

    it("2. a matching event matcher, one transport and a one-member group send exactly once", async () => {
      const group = await makeGroup(handle.db);
      await makeUser(handle.db, { groups: [group.uuid] });
      const rule = await makeRule(handle.db);
      await configure(rule, { group: group.uuid, transports: [(await transport()).uuid] });
      await bind(handle.db, rule, {
        policy: (await makeMatcher(handle.db, { matchAction: "custom_scenario_2" })).policyUuid,
      });
      assert.equal((await dispatch("custom_scenario_2")).sent, 1);
    });

    it("3. a matching policy without a destination group (or event user) sends nothing", async () => {
      const rule = await makeRule(handle.db);
      await configure(rule, { transports: [(await transport()).uuid] });
      await bind(handle.db, rule, {
        policy: (await makeMatcher(handle.db, { matchAction: "custom_scenario_3" })).policyUuid,
      });
      const { sent, plan } = await dispatch("custom_scenario_3");
      assert.equal(sent, 0);
      assert.equal(plan.rulesFired, 1, "the rule fired; it just has nobody to notify");
    });

    it("4. a policy that throws is evaluated once; its policy_exception does not recurse into the rule", async () => {
      const group = await makeGroup(handle.db);
      await makeUser(handle.db, { groups: [group.uuid] });
      const rule = await makeRule(handle.db);
      await configure(rule, { group: group.uuid, transports: [(await transport()).uuid] });
      const broken = await makeExpression(handle.db, "throw new Error('scenario 4');");
      await bind(handle.db, rule, { policy: broken.policyUuid });
      // A second rule that would notify on every policy_exception, to prove the loop guard holds.
      const watcher = await makeRule(handle.db);
      await configure(watcher, { group: group.uuid, transports: [(await transport()).uuid] });
      await bind(handle.db, watcher, {
        policy: (await makeMatcher(handle.db, { matchAction: "policy_exception" })).policyUuid,
      });
      const { sent } = await dispatch("custom_scenario_4");
      assert.equal(sent, 0);
      const exceptions = (await handle.db.select().from(events).where(eq(events.action, "policy_exception"))).filter(
        (event) => event.context.policy_uuid === broken.policyUuid,
      );
      assert.equal(exceptions.length, 1, "evaluated exactly once");
      const replan = await planDeliveries(handle.db, exceptions[0], 3);
      assert.equal(replan.loop, true);
      assert.deepEqual(replan.deliveries, []);
    });

    it("5. send_once with a two-member group sends exactly once", async () => {
      const group = await makeGroup(handle.db);
      await makeUser(handle.db, { groups: [group.uuid] });
      await makeUser(handle.db, { groups: [group.uuid] });
      const rule = await makeRule(handle.db);
      await configure(rule, { group: group.uuid, transports: [(await transport({ sendOnce: true })).uuid] });
      await bind(handle.db, rule, {
        policy: (await makeMatcher(handle.db, { matchAction: "custom_scenario_5" })).policyUuid,
      });
      assert.equal((await dispatch("custom_scenario_5")).sent, 1);
    });

    it("6. a local transport whose mapping sets the body to 'foo' stores a notification with body 'foo'", async () => {
      const group = await makeGroup(handle.db);
      const member = await makeUser(handle.db, { groups: [group.uuid] });
      const [mapping] = await handle.db
        .insert(webhookMappings)
        .values({ name: `foo-${++counter}`, expression: "notification.body = 'foo';" })
        .returning();
      const rule = await makeRule(handle.db);
      await configure(rule, {
        group: group.uuid,
        transports: [(await transport({ mode: "local", webhookUrl: "", webhookMappingBody: mapping.pmUuid })).uuid],
      });
      await bind(handle.db, rule, {
        policy: (await makeMatcher(handle.db, { matchAction: "custom_scenario_6" })).policyUuid,
      });
      const { event } = await dispatch("custom_scenario_6");
      const [stored] = await handle.db.select().from(notifications).where(eq(notifications.event, event.eventUuid));
      assert.equal(stored.body, "foo");
      assert.equal(stored.user, member.id);
      const [delivery] = await handle.db.select().from(deliveries).where(eq(deliveries.event, event.eventUuid));
      assert.equal(delivery.status, "delivered");
    });
  });
}
