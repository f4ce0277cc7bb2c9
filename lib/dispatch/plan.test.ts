import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { eq, inArray } from "drizzle-orm";
import {
  deliveries,
  deliveryAttempts,
  notifications,
  ruleDecisions,
  rules,
  ruleTransports,
  type TEvent,
  type TNewTransport,
  transports,
  users,
  webhookMappings,
} from "@/db/schema";
import {
  bind,
  makeEvent,
  makeGroup,
  makeMatcher,
  makeNotifyingRule,
  makeRule,
  makeUser,
} from "@/lib/policies/test-fixtures";
import { testBackends } from "@/lib/testing/test-db";
import { claimDeliveries } from "./deliver";
import { planDeliveriesForEvents } from "./plan";

/** Planning only: nothing here is sent, so webhook URLs point nowhere and no dispatcher runs. */
for (const backend of testBackends()) {
  describe(`planDeliveriesForEvents (${backend.name})`, () => {
    let handle: Awaited<ReturnType<typeof backend.open>>;
    let counter = 0;

    before(async () => {
      handle = await backend.open();
    });
    after(async () => {
      await handle.dispose();
    });

    const transport = async (values: Partial<TNewTransport>) =>
      (
        await handle.db
          .insert(transports)
          .values({
            name: `plan-${++counter}`,
            mode: "webhook",
            webhookUrl: "http://127.0.0.1:9/never-sent",
            ...values,
          })
          .returning()
      )[0];
    /** A rule for one action that notifies the group, through the given transports (none = the bell). */
    const ruleFor = (action: string, group: string, transportUuids: string[] = []) =>
      makeNotifyingRule(handle.db, action, {
        destinationGroup: group,
        severity: "warning",
        transports: transportUuids,
      });
    const groupOfTwo = async () => {
      const group = await makeGroup(handle.db);
      const members = [
        await makeUser(handle.db, { groups: [group.uuid] }),
        await makeUser(handle.db, { groups: [group.uuid] }),
      ];
      return { group, ids: members.map((member) => member.id).sort((a, b) => a - b) };
    };
    const uuidsOf = (list: TEvent[]) => list.map((event) => event.eventUuid);
    /** Everything planning wrote for these events. */
    const written = async (list: TEvent[]) => {
      const ids = uuidsOf(list);
      const rows = await handle.db.select().from(deliveries).where(inArray(deliveries.event, ids));
      return {
        decisions: await handle.db.select().from(ruleDecisions).where(inArray(ruleDecisions.event, ids)),
        deliveries: rows,
        notifications: await handle.db.select().from(notifications).where(inArray(notifications.event, ids)),
        attempts: rows.length
          ? await handle.db
              .select()
              .from(deliveryAttempts)
              .where(
                inArray(
                  deliveryAttempts.delivery,
                  rows.map((row) => row.uuid),
                ),
              )
          : [],
      };
    };

    it("plans a batch: each matching event gets its rule decisions and a delivered bell notification per member, other events nothing", async () => {
      const action = `custom_plan_${++counter}`;
      const { group, ids } = await groupOfTwo();
      const rule = await ruleFor(action, group.uuid);
      // A candidate for the action that does not fire ("all" mode, its second matcher wants another
      // app): recorded as a failing decision, nothing delivered.
      const silent = await makeRule(handle.db, { mode: "all" });
      await handle.db.update(rules).set({ destinationGroup: group.uuid }).where(eq(rules.pbmUuid, silent.pbmUuid));
      await bind(handle.db, silent, { policy: (await makeMatcher(handle.db, { matchAction: action })).policyUuid });
      await bind(handle.db, silent, {
        policy: (await makeMatcher(handle.db, { matchAction: action, matchApp: "not.this.app" })).policyUuid,
      });
      const matching = [
        await makeEvent(handle.db, { action, context: { message: "first" } }),
        await makeEvent(handle.db, { action, context: { message: "second" } }),
        await makeEvent(handle.db, { action, context: { message: "third" } }),
      ];
      const other = await makeEvent(handle.db, { action: `${action}_other` });
      // The non-matching event sits in the middle, so plans must line up with their events.
      const plans = await planDeliveriesForEvents(handle.db, [matching[0], matching[1], other, matching[2]], 5);
      assert.deepEqual(
        plans.map((plan) => [plan.loop, plan.rulesEvaluated, plan.rulesFired, plan.deliveries]),
        [
          [false, 2, 1, []],
          [false, 2, 1, []],
          [false, 0, 0, []],
          [false, 2, 1, []],
        ],
        "bell deliveries are finished during planning, so none is returned to send",
      );

      for (const event of matching) {
        const found = await written([event]);
        const decision = (uuid: string) =>
          found.decisions.filter((row) => row.rule === uuid).map((row) => [row.passing, row.recipients]);
        assert.equal(found.decisions.length, 2);
        assert.deepEqual(decision(rule.pbmUuid), [[true, 2]]);
        assert.deepEqual(decision(silent.pbmUuid), [[false, 0]]);
        assert.deepEqual(
          found.deliveries.map((row) => row.user).sort((a, b) => (a ?? 0) - (b ?? 0)),
          ids,
          "one delivery per member",
        );
        for (const delivery of found.deliveries) {
          assert.equal(delivery.status, "delivered");
          assert.equal(delivery.attempts, 1);
          assert.equal(delivery.maxAttempts, 5);
          assert.equal(delivery.transport, null);
          assert.equal(delivery.rule, rule.pbmUuid);
          assert.notEqual(delivery.completedAt, null);
          assert.equal(delivery.payload.implicit_local, true);
          const notification = found.notifications.filter((row) => row.dedupKey === delivery.webhookId);
          assert.equal(notification.length, 1, "one notification, keyed by the delivery's webhook id");
          assert.equal(notification[0].uuid, delivery.notification);
          assert.equal(notification[0].user, delivery.user);
          assert.equal(notification[0].rule, rule.pbmUuid);
          assert.equal(notification[0].body, event.context.message);
          assert.equal(notification[0].severity, "warning");
          const attempts = found.attempts.filter((row) => row.delivery === delivery.uuid);
          assert.deepEqual(
            attempts.map((row) => [row.attempt, row.ok]),
            [[1, true]],
          );
        }
        assert.equal(found.notifications.length, 2);
      }
      const nothing = await written([other]);
      assert.deepEqual([nothing.decisions.length, nothing.deliveries.length, nothing.notifications.length], [0, 0, 0]);
    });

    it("planning the same events again adds no decisions, deliveries, notifications or attempts", async () => {
      const action = `custom_plan_${++counter}`;
      const { group } = await groupOfTwo();
      await ruleFor(action, group.uuid);
      await ruleFor(action, group.uuid, [(await transport({})).uuid]);
      const batch = [await makeEvent(handle.db, { action }), await makeEvent(handle.db, { action })];
      const first = await planDeliveriesForEvents(handle.db, batch, 3);
      const before = await written(batch);
      assert.deepEqual(
        [before.decisions.length, before.deliveries.length, before.notifications.length, before.attempts.length],
        [4, 8, 4, 4],
        "2 events × (2 rules, 2 bell + 2 webhook deliveries, 2 notifications, 2 bell attempts)",
      );
      assert.deepEqual(
        first.map((plan) => plan.deliveries.length),
        [2, 2],
      );

      // A re-run after a crash between commit and acknowledgement.
      const second = await planDeliveriesForEvents(handle.db, batch, 3);
      assert.deepEqual(
        second.map((plan) => plan.deliveries),
        [[], []],
        "nothing new to send",
      );
      const again = await written(batch);
      const key = (row: { uuid: string }) => row.uuid;
      assert.deepEqual(again.decisions.map(key).sort(), before.decisions.map(key).sort());
      assert.deepEqual(again.notifications.map(key).sort(), before.notifications.map(key).sort());
      assert.deepEqual(again.attempts.map(key).sort(), before.attempts.map(key).sort());
      assert.deepEqual(
        again.deliveries.map((row) => [row.uuid, row.webhookId, row.status]).sort(),
        before.deliveries.map((row) => [row.uuid, row.webhookId, row.status]).sort(),
        "the stored deliveries keep their ids and webhook ids",
      );
    });

    it("the same event twice in one batch is planned once: one delivery, one notification, one attempt per member", async () => {
      const action = `custom_plan_${++counter}`;
      const { group } = await groupOfTwo();
      await ruleFor(action, group.uuid);
      const event = await makeEvent(handle.db, { action });
      await planDeliveriesForEvents(handle.db, [event, event], 3);
      const rows = await written([event]);
      assert.deepEqual(
        [rows.decisions.length, rows.deliveries.length, rows.notifications.length, rows.attempts.length],
        [1, 2, 2, 2],
      );
    });

    it("returns the pending webhook deliveries to send, each with its own event, and not the bell ones", async () => {
      const action = `custom_plan_${++counter}`;
      const { group, ids } = await groupOfTwo();
      const hook = await transport({ mode: "webhook" });
      const bell = await ruleFor(action, group.uuid);
      const webhook = await ruleFor(action, group.uuid, [hook.uuid]);
      const batch = [await makeEvent(handle.db, { action }), await makeEvent(handle.db, { action })];
      const plans = await planDeliveriesForEvents(handle.db, batch, 3);
      assert.deepEqual(
        plans.map((plan) => [plan.rulesEvaluated, plan.rulesFired]),
        [
          [2, 2],
          [2, 2],
        ],
      );

      for (const [index, event] of batch.entries()) {
        const found = await written([event]);
        const pending = found.deliveries.filter((row) => row.rule === webhook.pbmUuid);
        const delivered = found.deliveries.filter((row) => row.rule === bell.pbmUuid);
        assert.deepEqual(
          pending.map((row) => row.user).sort((a, b) => (a ?? 0) - (b ?? 0)),
          ids,
        );
        assert.ok(
          pending.every(
            (row) =>
              row.status === "pending" &&
              row.attempts === 0 &&
              row.transport === hook.uuid &&
              row.notification === null,
          ),
        );
        const planned = plans[index].deliveries;
        assert.deepEqual(
          planned.map((row) => row.uuid).sort(),
          pending.map((row) => row.uuid).sort(),
          "exactly this event's webhook deliveries",
        );
        assert.ok(
          planned.every((row) => row.transport === hook.uuid && !row.local),
          "webhook deliveries go to the network queue",
        );
        assert.equal(delivered.length, 2);
        assert.ok(
          delivered.every((row) => row.status === "delivered" && !planned.some((entry) => entry.uuid === row.uuid)),
        );
        // Only the bell deliveries have a notification and an attempt yet.
        assert.deepEqual(
          found.notifications.map((row) => row.dedupKey).sort(),
          delivered.map((row) => row.webhookId).sort(),
        );
        assert.deepEqual(found.attempts.map((row) => row.delivery).sort(), delivered.map((row) => row.uuid).sort());
      }
    });

    it("delivers a local transport without a mapping during planning, but leaves one with a body mapping pending", async () => {
      const action = `custom_plan_${++counter}`;
      const group = await makeGroup(handle.db);
      const member = await makeUser(handle.db, { groups: [group.uuid] });
      const [mapping] = await handle.db
        .insert(webhookMappings)
        .values({ name: `plan-body-${++counter}`, expression: "notification.body = 'mapped';" })
        .returning();
      // The mapping runs (and can fail) when the delivery is attempted, so it needs the queue.
      const mapped = await transport({ mode: "local", webhookUrl: "", webhookMappingBody: mapping.pmUuid });
      const plain = await transport({ mode: "local", webhookUrl: "" });
      await ruleFor(action, group.uuid, [mapped.uuid, plain.uuid]);
      const event = await makeEvent(handle.db, { action });
      const [plan] = await planDeliveriesForEvents(handle.db, [event], 3);

      const found = await written([event]);
      const [viaMapping] = found.deliveries.filter((row) => row.transport === mapped.uuid);
      const [viaPlain] = found.deliveries.filter((row) => row.transport === plain.uuid);
      assert.deepEqual([viaMapping.status, viaMapping.attempts, viaMapping.user], ["pending", 0, member.id]);
      assert.deepEqual(
        plan.deliveries,
        [{ uuid: viaMapping.uuid, transport: mapped.uuid, local: true }],
        "attempted in-process, not over the network",
      );
      assert.deepEqual(
        [viaPlain.status, viaPlain.attempts, viaPlain.payload.implicit_local],
        ["delivered", 1, undefined],
        "a transport row, not the implicit bell",
      );
      assert.deepEqual(
        found.notifications.map((row) => [row.dedupKey, row.user]),
        [[viaPlain.webhookId, member.id]],
        "no notification for the mapped delivery until it is attempted",
      );
    });

    it("claims planned deliveries once, with their event, active recipients and transports (also one no enabled rule links any more)", async () => {
      const action = `custom_plan_${++counter}`;
      const { group, ids } = await groupOfTwo();
      const hook = await transport({ signingSecret: "whsec_dGVzdA==" });
      const rule = await ruleFor(action, group.uuid, [hook.uuid]);
      const event = await makeEvent(handle.db, { action, context: { message: "claim me" } });
      const [plan] = await planDeliveriesForEvents(handle.db, [event], 3);
      assert.equal(plan.deliveries.length, 2);
      // Since planning: one recipient was deactivated, and the rule no longer uses the transport (a
      // replay after such a change must still find it), and the transport itself was edited.
      await handle.db.update(users).set({ isActive: false }).where(eq(users.id, ids[1]));
      await handle.db.delete(ruleTransports).where(eq(ruleTransports.rule, rule.pbmUuid));
      await handle.db
        .update(transports)
        .set({ webhookUrl: "http://127.0.0.1:9/edited" })
        .where(eq(transports.uuid, hook.uuid));

      const uuids = plan.deliveries.map((delivery) => delivery.uuid);
      const claimed = await claimDeliveries(handle.db, uuids);
      assert.equal(claimed.length, 2);
      assert.ok(
        claimed.every(
          (entry) =>
            entry.delivery.status === "sending" &&
            entry.delivery.attempts === 1 &&
            entry.delivery.created instanceof Date,
        ),
      );
      assert.ok(
        claimed.every(
          (entry) =>
            entry.event?.eventUuid === event.eventUuid &&
            entry.event.context.message === "claim me" &&
            entry.event.created instanceof Date,
        ),
      );
      assert.ok(
        claimed.every(
          (entry) => entry.transport?.uuid === hook.uuid && entry.transport.webhookUrl === "http://127.0.0.1:9/edited",
        ),
        "the current transport row",
      );
      const byUser = new Map(claimed.map((entry) => [entry.delivery.user, entry.recipient]));
      assert.equal(byUser.get(ids[0])?.pk, ids[0]);
      assert.equal(byUser.get(ids[1]), null, "a recipient deactivated since planning gets nothing");
      assert.deepEqual(await claimDeliveries(handle.db, uuids), [], "a claimed delivery is not claimed twice");
    });
  });
}
