import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { z } from "zod";
import { defineJob, type TJob } from "./define-job";
import { runCheckedJobs } from "./job-worker";

const echoJob = defineJob({
  name: "test-echo",
  payload: z.object({ text: z.string() }),
  retry: { retryLimit: 0, retryDelay: 0, retryBackoff: false, expireInSeconds: 60 },
  concurrency: 1,
  handler: () => ({ run: (jobs) => jobs.map(async (job) => job.data.text) }),
});

describe("a job's payload check", () => {
  it("fails a job whose payload does not match its schema without handing it to the handler", async () => {
    const seen: string[][] = [];
    const spy = {
      run(jobs: TJob<{ text: string }>[]) {
        seen.push(jobs.map((job) => job.id));
        return jobs.map(async (job) => job.data.text);
      },
    };
    const jobs = [
      { id: "good-1", data: { text: "one" }, retryCount: 0 },
      { id: "bad", data: { text: 42 } as unknown as { text: string }, retryCount: 0 },
      { id: "good-2", data: { text: "two" }, retryCount: 0 },
    ];
    const [first, bad, second] = runCheckedJobs(echoJob, spy, jobs);
    assert.deepEqual(seen, [["good-1", "good-2"]], "the handler saw the valid jobs only, in one batch");
    assert.equal(await first, "one");
    assert.equal(await second, "two");
    await assert.rejects(bad, /The payload of a test-echo job does not match its schema/);
  });

  it("does not call the handler at all when no job of a fetch is valid", async () => {
    let calls = 0;
    const counting = {
      run(jobs: TJob<{ text: string }>[]) {
        calls++;
        return jobs.map(async () => "");
      },
    };
    const [only] = runCheckedJobs(echoJob, counting, [{ id: "bad", data: {} as { text: string }, retryCount: 0 }]);
    await assert.rejects(only);
    assert.equal(calls, 0);
  });
});
