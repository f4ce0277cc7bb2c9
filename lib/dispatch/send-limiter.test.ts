import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { createSendLimiter } from "./send-limiter";

/** A send that runs until the test releases it, counting how many run at once per key. */
function gatedSends() {
  const running = new Map<string, number>();
  const peak = new Map<string, number>();
  const releases: (() => void)[] = [];
  const send = (key: string) => () =>
    new Promise<string>((resolve) => {
      running.set(key, (running.get(key) ?? 0) + 1);
      peak.set(key, Math.max(peak.get(key) ?? 0, running.get(key) as number));
      releases.push(() => {
        running.set(key, (running.get(key) as number) - 1);
        resolve(key);
      });
    });
  const total = () => [...running.values()].reduce((sum, count) => sum + count, 0);
  const settle = () => new Promise((resolve) => setImmediate(resolve));
  return { send, running, peak, releases, total, settle };
}

describe("send limiter", () => {
  it("runs at most perKey sends of one key and at most total in all", async () => {
    const limiter = createSendLimiter(3, 2);
    const { send, running, peak, releases, total, settle } = gatedSends();
    const results = [
      ...Array.from({ length: 5 }, () => limiter.run("a", send("a"))),
      ...Array.from({ length: 5 }, () => limiter.run("b", send("b"))),
    ];
    await settle();
    assert.equal(running.get("a"), 2);
    assert.equal(total(), 3, "the shared permits bound both keys together");
    while (releases.length) {
      releases.shift()?.();
      await settle();
      assert.ok(total() <= 3 && (running.get("a") ?? 0) <= 2 && (running.get("b") ?? 0) <= 2);
    }
    assert.deepEqual(await Promise.all(results), [..."aaaaa", ..."bbbbb"]);
    assert.equal(peak.get("a"), 2);
    assert.equal(peak.get("b"), 2);
  });

  it("a key waiting at its own limit holds no shared permit: another key's send starts at once", async () => {
    const limiter = createSendLimiter(2, 1);
    const { send, running, releases, settle } = gatedSends();
    const hanging = Array.from({ length: 3 }, () => limiter.run("hanging", send("hanging")));
    await settle();
    assert.equal(running.get("hanging"), 1);
    const healthy = limiter.run("healthy", send("healthy"));
    await settle();
    assert.equal(running.get("healthy"), 1, "the healthy key got the free shared permit");
    releases.splice(1, 1)[0](); // the healthy send answers
    assert.equal(await healthy, "healthy");
    while (releases.length) {
      releases.shift()?.();
      await settle();
    }
    assert.deepEqual(await Promise.all(hanging), ["hanging", "hanging", "hanging"]);
  });

  it("a failed send frees its permits and rejects only its own caller", async () => {
    const limiter = createSendLimiter(1, 1);
    await assert.rejects(
      limiter.run("a", () => Promise.reject(new Error("refused"))),
      /refused/,
    );
    assert.equal(await limiter.run("a", async () => "next"), "next");
  });
});
