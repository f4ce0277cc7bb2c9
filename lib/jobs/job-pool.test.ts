import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { testBackends } from "@/lib/testing/test-db";
import { waitFor } from "@/lib/testing/wait-for";
import { startPool, type TPool } from "./job-pool";
import { startJobRunner, type TJobRunner } from "./job-runner";

for (const backend of testBackends()) {
  describe(`job pool (${backend.name})`, () => {
    let handle: Awaited<ReturnType<typeof backend.open>>;
    let runner: TJobRunner;
    let counter = 0;

    before(async () => {
      handle = await backend.open();
      // pg-boss with its schema, and no queue of its own.
      runner = await startJobRunner(handle, [], { work: false });
    });
    after(async () => {
      await runner.stop();
      await handle.dispose();
    });

    /** A pool over a fresh queue of `jobs` jobs whose runs finish only when the test says so. */
    const heldPool = async (jobs: number, options: { concurrency: number; minFetch?: number }) => {
      const queue = `pool-test-${++counter}`;
      await runner.boss.createQueue(queue);
      await runner.boss.insert(
        queue,
        Array.from({ length: jobs }, (_, n) => ({ data: { n } })),
      );
      const fetches: number[] = [];
      const holds: (() => void)[] = [];
      const completed = new Set<number>();
      const pool: TPool = startPool<{ n: number }>(
        runner.boss,
        queue,
        {
          run(batch) {
            fetches.push(batch.length);
            return batch.map(
              (job) =>
                new Promise<void>((resolve) =>
                  holds.push(() => {
                    completed.add(job.data.n);
                    resolve();
                  }),
                ),
            );
          },
        },
        { ...options, idleMs: 50 },
      );
      const finish = (count: number) => {
        for (const hold of holds.splice(0, count)) hold();
      };
      /** Lets every job finish, including those fetched meanwhile, until all `jobs` are done. */
      const finishAll = async () => {
        while (completed.size < jobs) {
          finish(holds.length);
          await new Promise((resolve) => setTimeout(resolve, 20));
        }
      };
      return { pool, fetches, holds, completed, finish, finishAll };
    };

    it("refills each freed slot at once by default", async () => {
      const { pool, fetches, holds, finish, finishAll } = await heldPool(12, { concurrency: 4 });
      try {
        await waitFor(() => holds.length === 4, "the first fetch");
        finish(1);
        await waitFor(() => fetches.length === 2, "a refill of one slot");
        assert.deepEqual(fetches, [4, 1]);
        await finishAll();
      } finally {
        finish(holds.length);
        await pool.stop();
      }
    });

    it("with minFetch, a busy pool waits for that many free slots instead of fetching jobs one by one", async () => {
      const { pool, fetches, holds, completed, finish, finishAll } = await heldPool(20, {
        concurrency: 8,
        minFetch: 4,
      });
      try {
        await waitFor(() => holds.length === 8, "the first fetch");
        finish(3);
        // Three free slots are fewer than four: no fetch, however long it waits (several idle polls).
        await new Promise((resolve) => setTimeout(resolve, 300));
        assert.deepEqual(fetches, [8]);
        finish(1);
        await waitFor(() => fetches.length === 2, "a fetch once four slots are free");
        assert.deepEqual(fetches, [8, 4]);
        // Every job is still worked: only an idle pool fetches fewer than minFetch (the queue's last jobs).
        await finishAll();
        assert.equal(completed.size, 20);
        assert.ok(
          fetches.slice(0, -1).every((size) => size >= 4),
          `every fetch while busy took at least 4 jobs: ${fetches.join(", ")}`,
        );
      } finally {
        finish(holds.length);
        await pool.stop();
      }
    });
  });
}
