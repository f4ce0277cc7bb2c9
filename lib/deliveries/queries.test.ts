import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { after, before, describe, it } from "node:test";
import { deliveries } from "@/db/schema";
import { testBackends } from "@/lib/testing/test-db";
import { listDeliveries } from "./queries";
import { ZDeliveryListQuery } from "./validation";

for (const backend of testBackends()) {
  describe(`the delivery ledger's keyset pages (${backend.name})`, () => {
    let handle: Awaited<ReturnType<typeof backend.open>>;
    const list = (query: Record<string, string>) => listDeliveries(handle.db, ZDeliveryListQuery.parse(query));
    // Rows two share one timestamp, so the cursor's uuid tiebreak is exercised.
    const add = (count: number, status: "delivered" | "dead" = "delivered", secondsAgo = 60) => {
      const base = Date.now() - secondsAgo * 1000;
      return handle.db.insert(deliveries).values(
        Array.from({ length: count }, (_, index) => {
          const key = randomUUID();
          return {
            status,
            maxAttempts: 3,
            webhookId: `msg_${key}`,
            dedupKey: key,
            created: new Date(base + Math.floor(index / 2) * 1000),
          };
        }),
      );
    };

    before(async () => {
      handle = await backend.open();
    });
    after(() => handle.dispose());

    it("walks every delivery once by cursor, newest first, while new ones arrive", async () => {
      await add(23);
      const first = await list({ page_size: "10" });
      assert.equal(first.pagination.count, 23);
      assert.ok(first.pagination.next_cursor);
      await add(3, "delivered", 0); // newer than the cursor: never shifts the pages already handed out
      const second = await list({ page_size: "10", cursor: first.pagination.next_cursor ?? "" });
      const third = await list({ page_size: "10", cursor: second.pagination.next_cursor ?? "" });
      assert.equal(second.pagination.count, -1);
      assert.equal(third.results.length, 3);
      assert.equal(third.pagination.next_cursor, null);
      const seen = [...first.results, ...second.results, ...third.results];
      assert.equal(new Set(seen.map((row) => row.pk)).size, 23);
      const keys = seen.map((row) => row.created);
      assert.deepEqual(keys, [...keys].sort().reverse());
    });

    it("keeps filters on a cursor page and refuses another ordering or a forged cursor", async () => {
      await add(4, "dead");
      const first = await list({ status: "dead", page_size: "3" });
      const rest = await list({ status: "dead", page_size: "3", cursor: first.pagination.next_cursor ?? "" });
      assert.deepEqual(
        [...first.results, ...rest.results].map((row) => row.status),
        ["dead", "dead", "dead", "dead"],
      );
      await assert.rejects(
        list({ ordering: "updated", cursor: first.pagination.next_cursor ?? "" }),
        (error: Error & { fieldErrors?: Record<string, string[]> }) => Boolean(error.fieldErrors?.ordering),
      );
      assert.equal(ZDeliveryListQuery.safeParse({ cursor: "not-a-cursor!" }).success, false);
    });
  });
}
