import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { events } from "@/db/schema";
import { createEvents } from "@/lib/events/create-event";
import { testBackends } from "@/lib/testing/test-db";
import { runRetentionCleanup } from "./retention-cleanup-job";
import { runExclusive } from "./run-exclusive";

for (const backend of testBackends()) {
  describe(`housekeeping (${backend.name})`, () => {
    let handle: Awaited<ReturnType<typeof backend.open>>;
    before(async () => {
      handle = await backend.open();
    });
    after(async () => handle.dispose());

    it("deletes expired events and keeps the rest", async () => {
      const past = new Date(Date.now() - 1000);
      await createEvents(handle.db, [
        { action: "login", app: "old", created: new Date(Date.now() - 5000), expires: past },
        { action: "login", app: "new" },
      ]);
      const outcome = await runRetentionCleanup(handle);
      assert.deepEqual(outcome, { ran: true, result: { deleted: 1, batches: 1, complete: true } });
      assert.deepEqual(
        (await handle.db.select().from(events)).map((row) => row.app),
        ["new"],
      );
    });

    if (backend.name === "postgres") {
      it("runs a job in only one place at a time", async () => {
        let release: () => void = () => {};
        const holding = runExclusive(
          handle,
          4242,
          () => new Promise<string>((resolve) => (release = () => resolve("first"))),
        );
        await new Promise((resolve) => setTimeout(resolve, 100));
        const second = await runExclusive(handle, 4242, async () => "second");
        assert.deepEqual(second, { ran: false });
        release();
        assert.deepEqual(await holding, { ran: true, result: "first" });
        assert.deepEqual(await runExclusive(handle, 4242, async () => "third"), { ran: true, result: "third" });
      });
    }
  });
}
