import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { users } from "@/db/schema";
import { isAppError } from "@/lib/errors";
import { testBackends } from "@/lib/testing/test-db";
import { createSavedSearch, deleteSavedSearch, listSavedSearches, ZSavedSearchCreate } from "./saved-searches";

for (const backend of testBackends()) {
  describe(`saved searches (${backend.name})`, () => {
    let handle: Awaited<ReturnType<typeof backend.open>>;
    let alice = 0;
    let bob = 0;
    before(async () => {
      handle = await backend.open();
      const rows = await handle.db
        .insert(users)
        .values([{ username: "ss-alice" }, { username: "ss-bob" }] as (typeof users.$inferInsert)[])
        .returning({ id: users.id });
      [alice, bob] = rows.map((row) => row.id);
    });
    after(async () => handle.dispose());

    it("keeps each user's searches apart, names unique per user, deletes only one's own", async () => {
      const saved = await createSavedSearch(handle.db, alice, { name: "Failed", query: 'action = "login_failed"' });
      await createSavedSearch(handle.db, bob, { name: "Failed", query: "x" });
      await assert.rejects(createSavedSearch(handle.db, alice, { name: "Failed", query: "y" }), (error) => {
        return isAppError(error) && JSON.stringify(error).includes("name");
      });
      assert.deepEqual(
        (await listSavedSearches(handle.db, alice)).map((s) => s.query),
        ['action = "login_failed"'],
      );
      await assert.rejects(deleteSavedSearch(handle.db, bob, saved.uuid));
      await deleteSavedSearch(handle.db, alice, saved.uuid);
      assert.equal((await listSavedSearches(handle.db, alice)).length, 0);
      assert.equal(ZSavedSearchCreate.safeParse({ name: "n".repeat(101), query: "q" }).success, false);
    });
  });
}
