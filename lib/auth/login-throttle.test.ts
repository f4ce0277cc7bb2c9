import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { setTimeout as sleep } from "node:timers/promises";
import { eq } from "drizzle-orm";
import { loginAttempts } from "@/db/schema";
import { testBackends } from "@/lib/testing/test-db";
import { clearFailures, lockedForSeconds, recordFailure, throttleKey } from "./login-throttle";

describe("throttleKey", () => {
  it("is per trimmed, lower-cased username and IP", () => {
    assert.equal(throttleKey(" Alice ", "192.0.2.1"), "alice|192.0.2.1");
    assert.equal(throttleKey("alice", null), "alice|unknown");
    assert.notEqual(throttleKey("alice", "192.0.2.1"), throttleKey("alice", "192.0.2.2"));
  });
});

for (const backend of testBackends()) {
  describe(`login throttle (${backend.name})`, () => {
    let handle: Awaited<ReturnType<typeof backend.open>>;
    before(async () => {
      handle = await backend.open();
    });
    after(async () => {
      await handle.dispose();
    });

    it("locks the pair out after N failures and only that pair", async () => {
      const config = { maxFailures: 3, lockoutSeconds: 60 };
      const key = throttleKey("carol", "192.0.2.1");
      assert.equal(await recordFailure(handle.db, key, config), 0);
      assert.equal(await recordFailure(handle.db, key, config), 0);
      assert.equal(await lockedForSeconds(handle.db, key), 0);
      assert.equal(await recordFailure(handle.db, key, config), 60);
      const locked = await lockedForSeconds(handle.db, key);
      assert.ok(locked > 55 && locked <= 60, `locked for ${locked}s`);
      assert.equal(await lockedForSeconds(handle.db, throttleKey("carol", "192.0.2.2")), 0);
      assert.equal(await lockedForSeconds(handle.db, throttleKey("dave", "192.0.2.1")), 0);
    });

    it("unlocks after the lock-out window", async () => {
      const config = { maxFailures: 2, lockoutSeconds: 1 };
      const key = throttleKey("erin", "192.0.2.3");
      await recordFailure(handle.db, key, config);
      assert.equal(await recordFailure(handle.db, key, config), 1);
      assert.equal(await lockedForSeconds(handle.db, key), 1);
      await sleep(1100);
      assert.equal(await lockedForSeconds(handle.db, key), 0);
      // The counter started over with the lock-out: one new failure does not lock again.
      assert.equal(await recordFailure(handle.db, key, config), 0);
      assert.equal(await lockedForSeconds(handle.db, key), 0);
    });

    it("forgets failures older than the window", async () => {
      const config = { maxFailures: 2, lockoutSeconds: 1 };
      const key = throttleKey("frank", "192.0.2.4");
      assert.equal(await recordFailure(handle.db, key, config), 0);
      await sleep(1200);
      assert.equal(await recordFailure(handle.db, key, config), 0, "first failure fell out of the window");
      const [row] = await handle.db.select().from(loginAttempts).where(eq(loginAttempts.key, key));
      assert.equal(row.failures, 1);
      assert.equal(await recordFailure(handle.db, key, config), 1);
    });

    it("clearFailures resets the counter and any lock", async () => {
      const config = { maxFailures: 1, lockoutSeconds: 60 };
      const key = throttleKey("gina", "192.0.2.5");
      assert.equal(await recordFailure(handle.db, key, config), 60);
      await clearFailures(handle.db, key);
      assert.equal(await lockedForSeconds(handle.db, key), 0);
      assert.equal((await handle.db.select().from(loginAttempts).where(eq(loginAttempts.key, key))).length, 0);
    });
  });
}
