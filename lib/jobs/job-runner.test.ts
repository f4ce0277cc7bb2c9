import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { z } from "zod";
import { testBackends } from "@/lib/testing/test-db";
import { waitFor } from "@/lib/testing/wait-for";
import { defineJob } from "./define-job";
import { startJobRunner, type TJobRunner } from "./job-runner";

const ZGreeting = z.object({ name: z.string().min(1) });

for (const backend of testBackends()) {
  describe(`job runner (${backend.name})`, () => {
    let handle: Awaited<ReturnType<typeof backend.open>>;
    let runner: TJobRunner;
    const greeted: string[] = [];
    let scheduledRuns = 0;
    let workersOnlyRuns = 0;

    const greetingJob = defineJob({
      name: "test-greeting",
      payload: ZGreeting,
      retry: { retryLimit: 0, retryDelay: 0, retryBackoff: false, expireInSeconds: 60, heartbeatSeconds: 10 },
      concurrency: 4,
      idleMs: 50,
      handler: () => ({
        run: (jobs) =>
          jobs.map(async (job) => {
            greeted.push(job.data.name);
          }),
      }),
    });
    const tickJob = defineJob({
      name: "test-tick",
      schedule: { everySeconds: 1, firstRunAfterSeconds: 0, onlyWhereWorking: false },
      handler: async () => {
        scheduledRuns++;
      },
    });
    const workersOnlyJob = defineJob({
      name: "test-workers-only",
      schedule: { everySeconds: 1, firstRunAfterSeconds: 0, onlyWhereWorking: true },
      handler: async () => {
        workersOnlyRuns++;
      },
    });
    const stateOf = async (id: string) => (await runner.boss.findJobs(greetingJob.name, { id }))[0]?.state;

    before(async () => {
      handle = await backend.open();
      runner = await startJobRunner(handle, [greetingJob, tickJob], { work: true });
    });
    after(async () => {
      await runner.stop();
      await handle.dispose();
    });

    it("creates the queue of every queued job, with its retry policy and notifications", async () => {
      const queue = await runner.boss.getQueue(greetingJob.name);
      assert.ok(queue, "the queue exists");
      assert.equal(queue.notify, true);
      assert.equal(queue.retryLimit, 0);
      assert.equal(queue.expireInSeconds, 60);
      assert.equal(queue.heartbeatSeconds, 10);
      assert.equal(await runner.boss.getQueue(tickJob.name), null, "a scheduled job has no queue");
    });

    it("works a job enqueued in a transaction once it commits, and completes it", async () => {
      await handle.db.transaction((tx) => runner.enqueue(greetingJob, tx, [{ data: { name: "ada" } }]));
      runner.wake(greetingJob);
      await waitFor(() => greeted.includes("ada"), "the greeting");
      const [job] = await runner.boss.findJobs(greetingJob.name, { data: { name: "ada" } });
      await waitFor(async () => (await stateOf(job.id)) === "completed", "the completed job");
    });

    it("enqueues nothing when the transaction rolls back", async () => {
      const rollback = new Error("rolled back");
      const enqueued = handle.db.transaction(async (tx) => {
        await runner.enqueue(greetingJob, tx, [{ data: { name: "ghost" } }]);
        throw rollback;
      });
      await assert.rejects(enqueued, rollback);
      assert.deepEqual(await runner.boss.findJobs(greetingJob.name, { data: { name: "ghost" } }), []);
    });

    it("refuses a bad payload at enqueue, and fails one written around the check without running the handler", async () => {
      await assert.rejects(runner.enqueue(greetingJob, handle.db, [{ data: { name: "" } }]), z.ZodError);
      const [id] = (await runner.boss.insert(greetingJob.name, [{ data: { name: 7 } }], { returnId: true })) ?? [];
      runner.wake(greetingJob);
      await waitFor(async () => (await stateOf(id)) === "failed", "the failed job");
      assert.ok(!greeted.some((name) => typeof name !== "string" || name === ""), "the handler saw no bad payload");
    });

    it("refuses to enqueue a job it was not given", async () => {
      const stranger = defineJob({ ...greetingJob });
      await assert.rejects(runner.enqueue(stranger, handle.db, [{ data: { name: "x" } }]), /not registered here/);
    });

    it("runs scheduled jobs on their timers, and those for workers only where it works", async () => {
      await waitFor(() => scheduledRuns >= 2, "two scheduled runs", { timeoutMs: 5000 });
      const enqueuer = await startJobRunner(handle, [workersOnlyJob], { work: false });
      await new Promise((resolve) => setTimeout(resolve, 1500));
      await enqueuer.stop();
      assert.equal(workersOnlyRuns, 0);
    });
  });
}
