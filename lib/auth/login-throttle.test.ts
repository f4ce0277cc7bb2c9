import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { setTimeout as sleep } from "node:timers/promises";
import { eq } from "drizzle-orm";
import { loginAttempts } from "@/db/schema";
import { testBackends } from "@/lib/testing/test-db";
import { clearAttempts, reserveAttempt, throttleKey, usernameThrottleKey } from "./login-throttle";

describe("throttle keys", () => {
  it("are per trimmed, lower-cased username and IP, or per username alone", () => {
    assert.equal(throttleKey(" Alice ", "192.0.2.1"), "alice|192.0.2.1");
    assert.equal(throttleKey("alice", null), "alice|unknown");
    assert.notEqual(throttleKey("alice", "192.0.2.1"), throttleKey("alice", "192.0.2.2"));
    assert.equal(usernameThrottleKey(" Alice "), "alice|*");
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
    const rowOf = async (key: string) =>
      (await handle.db.select().from(loginAttempts).where(eq(loginAttempts.key, key)))[0];

    it("allows N attempts, locks on the N-th and refuses the rest, for that key only", async () => {
      const config = { maxAttempts: 3, lockoutSeconds: 60 };
      const key = throttleKey("carol", "192.0.2.1");
      const first = await reserveAttempt(handle.db, key, config);
      assert.deepEqual(first, { allowed: true, lockedUntil: null });
      assert.deepEqual(await reserveAttempt(handle.db, key, config), { allowed: true, lockedUntil: null });
      const last = await reserveAttempt(handle.db, key, config);
      assert.ok(last.allowed && last.lockedUntil, "the N-th attempt may run and starts the lock-out");
      const refused = await reserveAttempt(handle.db, key, config);
      assert.equal(refused.allowed, false);
      assert.ok(!refused.allowed && refused.retryAfterSeconds > 55 && refused.retryAfterSeconds <= 60);
      assert.equal((await rowOf(key)).failures, 4, "refused attempts are counted too");
      assert.equal((await reserveAttempt(handle.db, throttleKey("carol", "192.0.2.2"), config)).allowed, true);
      assert.equal((await reserveAttempt(handle.db, throttleKey("dave", "192.0.2.1"), config)).allowed, true);
    });

    it("lets at most N of many simultaneous attempts through", async () => {
      const config = { maxAttempts: 5, lockoutSeconds: 60 };
      const key = throttleKey("rush", "192.0.2.9");
      const results = await Promise.all(Array.from({ length: 60 }, () => reserveAttempt(handle.db, key, config)));
      assert.equal(results.filter((result) => result.allowed).length, 5);
      assert.equal((await rowOf(key)).failures, 60);
    });

    it("starts over once the lock-out has passed", async () => {
      const config = { maxAttempts: 2, lockoutSeconds: 1 };
      const key = throttleKey("erin", "192.0.2.3");
      await reserveAttempt(handle.db, key, config);
      await reserveAttempt(handle.db, key, config);
      assert.equal((await reserveAttempt(handle.db, key, config)).allowed, false);
      await sleep(1100);
      assert.deepEqual(await reserveAttempt(handle.db, key, config), { allowed: true, lockedUntil: null });
      assert.equal((await rowOf(key)).failures, 1);
    });

    it("forgets attempts older than the window", async () => {
      const config = { maxAttempts: 2, lockoutSeconds: 1 };
      const key = throttleKey("frank", "192.0.2.4");
      await reserveAttempt(handle.db, key, config);
      await sleep(1200);
      assert.deepEqual(await reserveAttempt(handle.db, key, config), { allowed: true, lockedUntil: null });
      assert.equal((await rowOf(key)).failures, 1, "the first attempt fell out of the window");
    });

    it("locks at once when one attempt is the limit", async () => {
      const config = { maxAttempts: 1, lockoutSeconds: 60 };
      const key = throttleKey("hank", "192.0.2.6");
      const only = await reserveAttempt(handle.db, key, config);
      assert.ok(only.allowed && only.lockedUntil);
      assert.equal((await reserveAttempt(handle.db, key, config)).allowed, false);
    });

    it("clearAttempts resets the counters and any lock", async () => {
      const config = { maxAttempts: 1, lockoutSeconds: 60 };
      const keys = [throttleKey("gina", "192.0.2.5"), usernameThrottleKey("gina")];
      for (const key of keys) await reserveAttempt(handle.db, key, config);
      await clearAttempts(handle.db, keys);
      for (const key of keys) assert.equal(await rowOf(key), undefined);
      assert.equal((await reserveAttempt(handle.db, keys[0], config)).allowed, true);
    });
  });
}
