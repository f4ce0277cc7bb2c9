/**
 * A poll interval that `wake()` ends early. A wake that comes while nobody sleeps is kept, and the
 * next sleep returns at once: the job it announced may have committed just after the last fetch
 * looked, and must not wait a whole interval. `clear()` drops it just before a fetch, which will
 * see that job anyway.
 */
export type TWakeableSleep = {
  sleep(ms: number): Promise<void>;
  wake(): void;
  clear(): void;
  /** Ends the current sleep and makes every later one return at once. */
  stop(): void;
};

export function createWakeableSleep(): TWakeableSleep {
  let stopped = false;
  let woken = false;
  let endSleep: (() => void) | null = null;
  return {
    sleep: (ms) =>
      new Promise<void>((resolve) => {
        if (woken || stopped) {
          woken = false;
          return resolve();
        }
        const timer = setTimeout(done, ms);
        function done() {
          clearTimeout(timer);
          endSleep = null;
          woken = false;
          resolve();
        }
        endSleep = done;
      }),
    wake() {
      woken = true;
      endSleep?.();
    },
    clear() {
      woken = false;
    },
    stop() {
      stopped = true;
      endSleep?.();
    },
  };
}
