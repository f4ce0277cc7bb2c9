/**
 * Group commit for single-event creates. The first create writes at once; creates that arrive
 * while a write is in flight wait for it and then go together in one transaction (one settings
 * read, one multi-row INSERT, one commit). Under load this turns many small transactions into a
 * few larger ones without adding latency when idle.
 *
 * If a shared write fails, each of its items is retried alone, so one bad item cannot fail the
 * others. Items with the same key never share a write (the second must see the first as stored).
 */
export type TGroupWriter<TIn, TOut> = (items: TIn[]) => Promise<TOut[]>;

type TPending<TIn, TOut> = { item: TIn; resolve(value: TOut): void; reject(error: unknown): void };

export function groupCommit<TIn, TOut>(
  write: TGroupWriter<TIn, TOut>,
  options: { maxBatch?: number; keyOf?: (item: TIn) => string | undefined } = {},
): (item: TIn) => Promise<TOut> {
  const maxBatch = options.maxBatch ?? 200;
  let queue: TPending<TIn, TOut>[] = [];
  let writing = false;

  function takeBatch(): TPending<TIn, TOut>[] {
    const batch: TPending<TIn, TOut>[] = [];
    const rest: TPending<TIn, TOut>[] = [];
    const keys = new Set<string>();
    for (const pending of queue) {
      const key = options.keyOf?.(pending.item);
      if (batch.length >= maxBatch || (key !== undefined && keys.has(key))) {
        rest.push(pending);
        continue;
      }
      if (key !== undefined) keys.add(key);
      batch.push(pending);
    }
    queue = rest;
    return batch;
  }

  async function writeAlone(pending: TPending<TIn, TOut>): Promise<void> {
    try {
      const [result] = await write([pending.item]);
      pending.resolve(result);
    } catch (error) {
      pending.reject(error);
    }
  }

  async function drain(): Promise<void> {
    writing = true;
    try {
      while (queue.length) {
        const batch = takeBatch();
        if (batch.length === 1) {
          await writeAlone(batch[0]);
          continue;
        }
        try {
          const results = await write(batch.map((pending) => pending.item));
          for (const [index, pending] of batch.entries()) pending.resolve(results[index]);
        } catch {
          for (const pending of batch) await writeAlone(pending);
        }
      }
    } finally {
      writing = false;
    }
  }

  return (item) =>
    new Promise<TOut>((resolve, reject) => {
      queue.push({ item, resolve, reject });
      if (!writing) void drain();
    });
}
