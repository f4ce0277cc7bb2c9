import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { inArray } from "drizzle-orm";
import { deliveries, type TEvent, transports } from "@/db/schema";
import { resetEnvCache } from "@/lib/env";
import { makeEvent, makeGroup, makeNotifyingRule, makeUser } from "@/lib/policies/test-fixtures";
import { startHttpReceiver, type THttpReceiver } from "@/lib/testing/receivers";
import { testBackends } from "@/lib/testing/test-db";
import { waitFor } from "@/lib/testing/wait-for";
import { startDispatch, type TDispatcher } from "./dispatcher";

for (const backend of testBackends()) {
  describe(`delivery isolation (${backend.name})`, () => {
    let handle: Awaited<ReturnType<typeof backend.open>>;
    let dispatcher: TDispatcher;
    let healthy: THttpReceiver;
    let hanging: THttpReceiver;
    let release: () => void = () => {};
    const gate = new Promise<void>((resolve) => (release = resolve));
    let hangingInFlight = 0;
    let hangingPeak = 0;

    before(async () => {
      // Four requests in flight, two per transport.
      process.env.HERALD_DELIVERY_CONCURRENCY = "4";
      process.env.HERALD_WEBHOOK_ALLOW_NETWORKS = "127.0.0.1/32";
      resetEnvCache();
      handle = await backend.open();
      dispatcher = await startDispatch(handle);
      healthy = await startHttpReceiver();
      hanging = await startHttpReceiver(() => {
        hangingPeak = Math.max(hangingPeak, ++hangingInFlight);
        return { status: 200, body: "late", until: gate.then(() => hangingInFlight--) };
      });
    });
    after(async () => {
      release();
      await dispatcher.stop();
      await healthy.close();
      await hanging.close();
      await handle.dispose();
      delete process.env.HERALD_DELIVERY_CONCURRENCY;
      delete process.env.HERALD_WEBHOOK_ALLOW_NETWORKS;
      resetEnvCache();
    });

    const webhookRule = async (action: string, url: string, group: string) => {
      const [transport] = await handle.db
        .insert(transports)
        .values({ name: `isolation-${action}`, mode: "webhook", webhookUrl: url })
        .returning();
      await makeNotifyingRule(handle.db, action, { destinationGroup: group, transports: [transport.uuid] });
    };

    it("a receiver that hangs holds only its transport's half of the requests; another transport's deliveries go through meanwhile", async () => {
      const group = await makeGroup(handle.db);
      await makeUser(handle.db, { groups: [group.uuid] });
      await webhookRule("custom_isolation_hanging", hanging.url, group.uuid);
      await webhookRule("custom_isolation_healthy", healthy.url, group.uuid);
      const stuck: TEvent[] = [];
      for (let i = 0; i < 4; i++) stuck.push(await makeEvent(handle.db, { action: "custom_isolation_hanging" }));
      await waitFor(() => hanging.requests.length >= 2, "the hanging receiver's first requests");
      const sent: TEvent[] = [];
      for (let i = 0; i < 6; i++) sent.push(await makeEvent(handle.db, { action: "custom_isolation_healthy" }));
      // Every healthy delivery arrives while the hanging receiver still holds its requests.
      await waitFor(() => healthy.requests.length >= 6, "the healthy deliveries");
      assert.equal(
        hanging.requests.length,
        2,
        "two requests to the hanging receiver at most: its other deliveries wait",
      );
      release();
      const stuckDeliveries = await waitFor(async () => {
        const rows = await handle.db
          .select()
          .from(deliveries)
          .where(
            inArray(
              deliveries.event,
              stuck.map((event) => event.eventUuid),
            ),
          );
        return rows.length === 4 && rows.every((row) => row.status === "delivered") && rows;
      }, "the held deliveries, once the receiver answers");
      assert.ok(
        stuckDeliveries.every((row) => row.attempts === 1),
        "waiting for a request slot is not a failed attempt",
      );
      assert.equal(hanging.requests.length, 4);
      assert.equal(hangingPeak, 2);
      const healthyRows = await handle.db
        .select()
        .from(deliveries)
        .where(
          inArray(
            deliveries.event,
            sent.map((event) => event.eventUuid),
          ),
        );
      assert.ok(healthyRows.length === 6 && healthyRows.every((row) => row.status === "delivered"));
    });
  });
}
