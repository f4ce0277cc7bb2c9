import pLimit, { type LimitFunction } from "p-limit";

/**
 * Bounds the requests in flight to receivers: at most `total` per process, and at most `perKey`
 * for one key (a transport), so a hanging receiver holds only its own share. A send waits for its
 * transport's permit before it asks for one of the shared ones: waiting behind a slow receiver
 * never holds a permit another transport could use.
 *
 * This is narrower than the delivery pool's slots on purpose: a delivery's job also spends time
 * being claimed and recorded, and only the request itself needs to count against the receiver.
 */
export type TSendLimiter = {
  run<T>(key: string, send: () => Promise<T>): Promise<T>;
};

export function createSendLimiter(total: number, perKey: number): TSendLimiter {
  const shared = pLimit(total);
  const byKey = new Map<string, LimitFunction>();
  return {
    run(key, send) {
      let limit = byKey.get(key);
      if (!limit) byKey.set(key, (limit = pLimit(perKey)));
      const keyLimit = limit;
      return keyLimit(() => shared(send)).finally(() => {
        // An idle key's limiter goes, so a process that saw many transports keeps no state for them.
        if (keyLimit.activeCount === 0 && keyLimit.pendingCount === 0 && byKey.get(key) === keyLimit) byKey.delete(key);
      });
    },
  };
}
