import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { and, eq, sql } from "drizzle-orm";
import { rowsOf } from "@/db/client";
import {
  deliveries,
  deliveryAttempts,
  events,
  notifications,
  ruleDecisions,
  type TDelivery,
  type TNewTransport,
  transports,
} from "@/db/schema";
import { resetEnvCache } from "@/lib/env";
import { listenForJobs } from "@/lib/jobs/listen-for-jobs";
import { makeEvent, makeGroup, makeNotifyingRule, makeUser } from "@/lib/policies/test-fixtures";
import { startHttpReceiver, type THttpReceiver } from "@/lib/testing/receivers";
import { testBackends } from "@/lib/testing/test-db";
import { waitFor } from "@/lib/testing/wait-for";
import { generateSigningSecret } from "@/lib/transports/signing";
import { DELIVER_QUEUE } from "./deliver-job";
import { DISPATCH_QUEUE, dispatchEvents } from "./dispatch-job";
import { replayDeliveries, startDispatch, type TDispatcher } from "./dispatcher";
import { planDeliveriesForEvents } from "./plan";

for (const backend of testBackends()) {
  describe(`durable dispatch (${backend.name})`, () => {
    let handle: Awaited<ReturnType<typeof backend.open>>;
    let dispatcher: TDispatcher;
    let receiver: THttpReceiver;
    let replies: number[] = [];
    let counter = 0;

    before(async () => {
      process.env.HERALD_DELIVERY_RETRY_SCHEDULE = "200ms,200ms";
      process.env.HERALD_WEBHOOK_ALLOW_NETWORKS = "127.0.0.1/32";
      resetEnvCache();
      handle = await backend.open();
      dispatcher = await startDispatch(handle);
      receiver = await startHttpReceiver(() => ({ status: replies.shift() ?? 200, body: "ok" }));
    });
    after(async () => {
      await dispatcher.stop();
      await receiver.close();
      await handle.dispose();
      delete process.env.HERALD_DELIVERY_RETRY_SCHEDULE;
      delete process.env.HERALD_WEBHOOK_ALLOW_NETWORKS;
      resetEnvCache();
    });

    const transport = async (values: Partial<TNewTransport>) =>
      (
        await handle.db
          .insert(transports)
          .values({ name: `t-${++counter}`, ...values })
          .returning()
      )[0];
    const ruleFor = (
      action: string,
      options: { transports?: string[]; group?: string; eventUser?: boolean; enabled?: boolean } = {},
    ) =>
      makeNotifyingRule(handle.db, action, {
        enabled: options.enabled,
        transports: options.transports,
        destinationGroup: options.group ?? null,
        destinationEventUser: options.eventUser ?? false,
        severity: "alert",
      });
    const deliveriesOf = (eventUuid: string) =>
      handle.db.select().from(deliveries).where(eq(deliveries.event, eventUuid));

    it("a rule without transports notifies the group (and child groups) and the event user in the bell, each once", async () => {
      const parent = await makeGroup(handle.db);
      const child = await makeGroup(handle.db, parent.uuid);
      const [alice, bob] = [
        await makeUser(handle.db, { groups: [parent.uuid] }),
        await makeUser(handle.db, { groups: [child.uuid] }),
      ];
      const inactive = await makeUser(handle.db, { groups: [parent.uuid], active: false });
      const rule = await ruleFor("custom_bell_test", { group: parent.uuid, eventUser: true });
      const event = await makeEvent(handle.db, {
        action: "custom_bell_test",
        user: { pk: alice.id, username: alice.username },
        context: { message: "Something happened" },
      });
      const rows = await waitFor(async () => {
        const found = await handle.db.select().from(notifications).where(eq(notifications.event, event.eventUuid));
        return found.length >= 2 && found;
      }, "bell notifications");
      await new Promise((resolve) => setTimeout(resolve, 300));
      const all = await handle.db.select().from(notifications).where(eq(notifications.event, event.eventUuid));
      assert.deepEqual(
        all.map((row) => row.user).sort(),
        [alice.id, bob.id].sort(),
        "alice once (event user + member), bob via the child group, never the inactive user",
      );
      assert.ok(!all.some((row) => row.user === inactive.id));
      assert.equal(rows[0].body, "Something happened");
      assert.equal(rows[0].severity, "alert");
      const [decision] = await handle.db
        .select()
        .from(ruleDecisions)
        .where(and(eq(ruleDecisions.event, event.eventUuid), eq(ruleDecisions.rule, rule.pbmUuid)));
      assert.equal(decision.passing, true);
      assert.equal(decision.recipients, 2);
    });

    it("disabled rules and rules for other actions never fire", async () => {
      const group = await makeGroup(handle.db);
      await makeUser(handle.db, { groups: [group.uuid] });
      await ruleFor("custom_disabled_test", { group: group.uuid, enabled: false });
      await ruleFor("custom_other_action", { group: group.uuid });
      const event = await makeEvent(handle.db, { action: "custom_disabled_test" });
      const marker = await makeEvent(handle.db, { action: "custom_other_action" });
      await waitFor(async () => (await deliveriesOf(marker.eventUuid)).length > 0, "the marker event's delivery");
      assert.equal((await deliveriesOf(event.eventUuid)).length, 0);
    });

    it("a webhook answering 500 then 200 is retried with the same webhook-id and delivered once", async () => {
      const hook = await transport({
        mode: "webhook",
        webhookUrl: receiver.url,
        signingSecret: generateSigningSecret(),
      });
      const group = await makeGroup(handle.db);
      await makeUser(handle.db, { groups: [group.uuid] });
      await ruleFor("custom_retry_test", { group: group.uuid, transports: [hook.uuid] });
      const before = receiver.requests.length;
      replies = [500];
      const event = await makeEvent(handle.db, { action: "custom_retry_test" });
      const [delivery] = await waitFor(async () => {
        const rows = await deliveriesOf(event.eventUuid);
        return rows[0]?.status === "delivered" && rows;
      }, "the retried delivery");
      assert.equal(delivery.attempts, 2);
      const attempts = await handle.db
        .select()
        .from(deliveryAttempts)
        .where(eq(deliveryAttempts.delivery, delivery.uuid));
      assert.deepEqual(attempts.map((row) => [row.attempt, row.ok, row.httpStatus]).sort(), [
        [1, false, 500],
        [2, true, 200],
      ]);
      const sent = receiver.requests.slice(before);
      assert.equal(sent.length, 2);
      assert.equal(sent[0].headers["webhook-id"], delivery.webhookId);
      assert.equal(sent[1].headers["webhook-id"], delivery.webhookId, "the same webhook-id on the retry");
      assert.notEqual(sent[0].headers["webhook-signature"], undefined);
    });

    it("a deliver job that runs again after its delivery was recorded (a crash before the job completed) sends nothing", async () => {
      const hook = await transport({ mode: "webhook", webhookUrl: receiver.url });
      const group = await makeGroup(handle.db);
      await makeUser(handle.db, { groups: [group.uuid] });
      await ruleFor("custom_rerun_test", { group: group.uuid, transports: [hook.uuid] });
      const before = receiver.requests.length;
      const event = await makeEvent(handle.db, { action: "custom_rerun_test" });
      const [delivery] = await waitFor(async () => {
        const rows = await deliveriesOf(event.eventUuid);
        return rows[0]?.status === "delivered" && rows;
      }, "the delivery");
      // The recorded delivery's job again, as pg-boss retries a job whose worker died before completing it.
      const [{ id: jobId }] = await rowsOf<{ id: string }>(
        await handle.db.execute(
          sql`select id from pgboss.job where name = ${DELIVER_QUEUE} and data->>'delivery' = ${delivery.uuid}`,
        ),
      );
      await dispatcher.enqueueDeliveries(handle.db, [{ uuid: delivery.uuid, transport: hook.uuid }]);
      dispatcher.kick();
      await waitFor(async () => {
        const rows = await rowsOf<{ n: number }>(
          await handle.db.execute(
            sql`select count(*)::int as n from pgboss.job where name = ${DELIVER_QUEUE} and data->>'delivery' = ${delivery.uuid} and id <> ${jobId} and state = 'completed'`,
          ),
        );
        return rows[0].n === 1;
      }, "the second job to complete");
      assert.equal(receiver.requests.length - before, 1, "one request in all");
      const attempts = await handle.db
        .select()
        .from(deliveryAttempts)
        .where(eq(deliveryAttempts.delivery, delivery.uuid));
      assert.equal(attempts.length, 1);
      assert.equal((await deliveriesOf(event.eventUuid))[0].attempts, 1);
    });

    it("a receiver down for the whole schedule is dead-lettered, reported loop-safely, and replay delivers", async () => {
      const hook = await transport({ mode: "webhook", webhookUrl: receiver.url });
      const group = await makeGroup(handle.db);
      await makeUser(handle.db, { groups: [group.uuid] });
      await ruleFor("custom_dead_test", { group: group.uuid, transports: [hook.uuid] });
      // Admins want to hear about dead letters — but never through the transport that failed.
      await ruleFor("system_task_exception", { group: group.uuid, transports: [hook.uuid] });
      replies = [503, 503, 503];
      const event = await makeEvent(handle.db, { action: "custom_dead_test" });
      const [dead] = await waitFor(async () => {
        const rows = await deliveriesOf(event.eventUuid);
        return rows[0]?.status === "dead" && rows;
      }, "the dead letter");
      assert.equal(dead.attempts, 3);
      const report = await waitFor(async () => {
        const rows = await handle.db.select().from(events).where(eq(events.action, "system_task_exception"));
        return rows.find((row) => row.context.delivery === dead.uuid);
      }, "the system_task_exception");
      assert.equal((report.context.transport as { pk: string }).pk, hook.uuid);
      await new Promise((resolve) => setTimeout(resolve, 500));
      const reportDeliveries = await deliveriesOf(report.eventUuid);
      assert.ok(
        reportDeliveries.every((row: TDelivery) => row.transport !== hook.uuid),
        "the report is not sent through the failed transport",
      );

      replies = [];
      assert.deepEqual(await replayDeliveries(handle.db, dispatcher, [dead.uuid]), [dead.uuid]);
      const [replayed] = await waitFor(async () => {
        const rows = await deliveriesOf(event.eventUuid);
        return rows[0]?.status === "delivered" && rows;
      }, "the replayed delivery");
      assert.equal(replayed.attempts, 4);
      assert.deepEqual(await replayDeliveries(handle.db, dispatcher, [dead.uuid]), [], "only dead deliveries replay");
    });

    it("a retried dispatch job sends what an interrupted run planned but never sent; a first run sends only its own plan", async () => {
      const hook = await transport({ mode: "webhook", webhookUrl: `${receiver.url}/interrupted` });
      const group = await makeGroup(handle.db);
      await makeUser(handle.db, { groups: [group.uuid] });
      await ruleFor("custom_interrupted_test", { group: group.uuid, transports: [hook.uuid] });
      // Stored without the insert hook, so no job dispatches it but this test's calls.
      const [event] = await handle.db
        .insert(events)
        .values({ action: "custom_interrupted_test", app: "herald.test", expires: new Date(Date.now() + 86_400_000) })
        .returning();
      // The interrupted run: deliveries planned and committed, then the worker died before enqueueing them.
      await planDeliveriesForEvents(handle.db, [event], 3);
      const [planned] = await deliveriesOf(event.eventUuid);
      assert.equal(planned.status, "pending");
      const deliverJobs = async () =>
        Number(
          (
            await handle.db
              .execute(
                sql`select count(*)::int as n from pgboss.job where name = ${DELIVER_QUEUE} and data->>'delivery' = ${planned.uuid}`,
              )
              .then(rowsOf<{ n: number }>)
          )[0].n,
        );

      await dispatchEvents(handle.db, dispatcher, [{ data: { event: event.eventUuid }, retryCount: 0 }]);
      assert.equal(await deliverJobs(), 0, "a first run plans nothing new and does not look for older deliveries");

      const before = receiver.requests.filter((request) => request.path === "/hook/interrupted").length;
      await dispatchEvents(handle.db, dispatcher, [{ data: { event: event.eventUuid }, retryCount: 1 }]);
      assert.equal(await deliverJobs(), 1, "the retried run enqueues the stored delivery");
      const [delivered] = await waitFor(async () => {
        const rows = await deliveriesOf(event.eventUuid);
        return rows[0]?.status === "delivered" && rows;
      }, "the interrupted run's delivery");
      assert.equal(delivered.uuid, planned.uuid, "the planned delivery itself, not a second one");
      assert.equal(receiver.requests.filter((request) => request.path === "/hook/interrupted").length - before, 1);
    });

    // LISTEN/NOTIFY is only used on PostgreSQL (PGlite is one process; in-process kicks suffice).
    if (backend.name === "postgres")
      it("hears pg-boss announce a new job, so a worker in another process need not wait for a poll", async () => {
        const heard: string[] = [];
        const unlisten = await listenForJobs(handle, (queue) => heard.push(queue));
        assert.notEqual(unlisten, null, "listening on PostgreSQL");
        try {
          // Sent by pg-boss itself, as another process would: only its NOTIFY can reach the listener.
          await dispatcher.boss.send(DISPATCH_QUEUE, { event: "00000000-0000-4000-8000-000000000000" });
          await waitFor(() => heard.includes(DISPATCH_QUEUE), "the queue notification", { timeoutMs: 5000 });
        } finally {
          await unlisten?.();
        }
      });
  });
}
