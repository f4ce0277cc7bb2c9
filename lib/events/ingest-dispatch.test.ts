import assert from "node:assert/strict";
import { after, before, describe, it, mock } from "node:test";
import { sql } from "drizzle-orm";
import { rowsOf } from "@/db/client";
import { DISPATCH_QUEUE } from "@/lib/dispatch/dispatch-job";
import { startDispatch, type TDispatcher } from "@/lib/dispatch/dispatcher";
import { logger } from "@/lib/logger";
import { testBackends } from "@/lib/testing/test-db";
import { ingestBulk } from "./ingest";

const past = (days: number) => new Date(Date.now() - days * 24 * 3600 * 1000).toISOString();
const imported = (pk: string, days: number) => ({
  pk,
  action: "policy_exception",
  app: "authentik.policies",
  context: { message: "last year's failure" },
  created: past(days),
});

for (const backend of testBackends()) {
  describe(`imported history is stored without dispatch (${backend.name})`, () => {
    let handle: Awaited<ReturnType<typeof backend.open>>;
    let dispatcher: TDispatcher;
    /** Events whose dispatch job was queued: what the rules would evaluate. */
    const queued = async () =>
      rowsOf<{ event: string }>(
        await handle.db.execute(sql`select data->>'event' as event from pgboss.job where name = ${DISPATCH_QUEUE}`),
      ).map((row) => row.event);

    before(async () => {
      handle = await backend.open();
      // Enqueue only: the jobs stay in pgboss.job where the test can count them.
      dispatcher = await startDispatch(handle, { work: false });
    });
    after(async () => {
      await dispatcher.stop();
      await handle.dispose();
    });

    it("queues nothing for imported events, and still queues live ones in the same request", async () => {
      const result = await ingestBulk(handle.db, [
        imported("0b9d6f0e-49a1-4c1e-9d55-7f0c2a3e1a01", 300),
        imported("0b9d6f0e-49a1-4c1e-9d55-7f0c2a3e1a02", 200),
        { pk: "0b9d6f0e-49a1-4c1e-9d55-7f0c2a3e1a03", action: "login", app: "live" },
      ]);
      assert.equal(result.created, 3);
      assert.deepEqual(await queued(), ["0b9d6f0e-49a1-4c1e-9d55-7f0c2a3e1a03"]);
    });

    it("dispatches imported events when asked (dispatch=true), and none at all with dispatch=false", async () => {
      await ingestBulk(handle.db, [imported("0b9d6f0e-49a1-4c1e-9d55-7f0c2a3e1a04", 10)], { dispatch: true });
      await ingestBulk(handle.db, [{ pk: "0b9d6f0e-49a1-4c1e-9d55-7f0c2a3e1a05", action: "login", app: "live" }], {
        dispatch: false,
      });
      const events = await queued();
      assert.ok(events.includes("0b9d6f0e-49a1-4c1e-9d55-7f0c2a3e1a04"));
      assert.ok(!events.includes("0b9d6f0e-49a1-4c1e-9d55-7f0c2a3e1a05"));
    });

    it("logs each event whole (context masked, user, brand, created) on its JSON line", async () => {
      const info = mock.method(logger, "info");
      try {
        await ingestBulk(handle.db, [
          {
            ...imported("0b9d6f0e-49a1-4c1e-9d55-7f0c2a3e1a06", 5),
            created: "2026-11-20T08:30:00.123Z",
            user: { pk: 7, username: "ann", email: "ann@example.test" },
            brand: { pk: "b1", name: "Main", app: "authentik_brands", model_name: "brand" },
            client_ip: "192.0.2.9",
            context: { password: "hunter2", detail: { step: 2 } },
          },
        ]);
      } finally {
        info.mock.restore();
      }
      const line = info.mock.calls
        .map((call) => call.arguments as unknown[])
        .find((args) => args[1] === "event created")?.[0] as Record<string, unknown>;
      assert.ok(line, "an 'event created' line was logged");
      assert.equal(line.event_uuid, "0b9d6f0e-49a1-4c1e-9d55-7f0c2a3e1a06");
      assert.equal(line.action, "policy_exception");
      assert.equal(line.client_ip, "192.0.2.9");
      assert.deepEqual(line.user, { pk: 7, username: "ann", email: "ann@example.test" });
      assert.equal((line.brand as Record<string, unknown>).name, "Main");
      assert.equal(line.created, "2026-11-20T08:30:00.123Z");
      assert.deepEqual(line.context, { password: "*".repeat(20), detail: { step: 2 } });
      assert.equal(line.dispatch, false);
    });
  });
}
