import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { testBackends } from "@/lib/testing/test-db";
import { createEvents } from "./create-event";
import { eventStats, ZEventStatsQuery } from "./event-stats";

const HOUR = 3600 * 1000;

describe("stats query", () => {
  it("requires count_steps and names a bad step", () => {
    const missing = ZEventStatsQuery.safeParse({});
    assert.equal(missing.success, false);
    assert.deepEqual(missing.error?.issues[0].path, ["count_steps"]);
    const bad = ZEventStatsQuery.safeParse({ count_steps: ["days=1", "fortnights=2"] });
    assert.equal(bad.success, false);
    assert.match(bad.error?.issues[0].message ?? "", /fortnights=2: Unknown unit/);
    assert.equal(ZEventStatsQuery.safeParse({ count_steps: ["weeks=3;days=2", "hours=3,seconds=2"] }).success, true);
  });
});

for (const backend of testBackends()) {
  describe(`event stats (${backend.name})`, () => {
    let handle: Awaited<ReturnType<typeof backend.open>>;
    const now = new Date();
    before(async () => {
      handle = await backend.open();
      const at = (hoursAgo: number) => new Date(now.getTime() - hoursAgo * HOUR);
      await createEvents(handle.db, [
        { action: "login", app: "a", user: { pk: 1, username: "ann" }, created: at(1) },
        { action: "login", app: "a", user: { pk: 1, username: "ann" }, created: at(30) },
        { action: "login", app: "a", user: { pk: 2, username: "bo" }, created: at(50) },
        { action: "login_failed", app: "a", user: { pk: 3, username: "cy" }, created: at(2) },
        { action: "login", app: "b", created: at(3) },
      ]);
    });
    after(() => handle.dispose());

    it("counts distinct users and the events within each step, under the list filters", async () => {
      const stats = await eventStats(
        handle.db,
        ZEventStatsQuery.parse({
          actions: ["login"],
          app: "a",
          count_steps: ["hours=2", "days=1;hours=12", "weeks=1"],
        }),
        now,
      );
      assert.deepEqual(stats, { unique_users: 2, count_step: { "hours=2": 1, "days=1;hours=12": 2, "weeks=1": 3 } });
    });

    it("takes AKQL search like the list does", async () => {
      const stats = await eventStats(
        handle.db,
        ZEventStatsQuery.parse({ search: 'user.username = "cy"', count_steps: ["days=1"] }),
        now,
      );
      assert.deepEqual(stats, { unique_users: 1, count_step: { "days=1": 1 } });
    });
  });
}
