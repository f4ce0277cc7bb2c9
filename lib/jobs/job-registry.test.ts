import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { z } from "zod";
import { defineJob } from "./define-job";
import { createJobRegistry } from "./job-registry";

const queued = (name: string) =>
  defineJob({
    name,
    payload: z.object({ n: z.number() }),
    retry: { retryLimit: 0, retryDelay: 0, retryBackoff: false, expireInSeconds: 60 },
    concurrency: 1,
    handler: () => ({ run: (jobs) => jobs.map(async () => undefined) }),
  });
const scheduled = (name: string) =>
  defineJob({
    name,
    schedule: { everySeconds: 60, firstRunAfterSeconds: 0, onlyWhereWorking: false },
    handler: async () => undefined,
  });

describe("the job registry", () => {
  it("refuses two jobs with one name, whatever their kind", () => {
    assert.throws(() => createJobRegistry([queued("a"), queued("a")]), /Two background jobs are named "a"/);
    assert.throws(() => createJobRegistry([queued("b"), scheduled("b")]), /Two background jobs are named "b"/);
    const same = queued("c");
    assert.throws(() => createJobRegistry([same, same]), /Two background jobs are named "c"/);
  });

  it("sorts queued and scheduled jobs, and knows only the definitions it was given", () => {
    const [first, second, timer] = [queued("first"), queued("second"), scheduled("timer")];
    const registry = createJobRegistry([first, timer, second]);
    assert.deepEqual(
      registry.queued.map((definition) => definition.name),
      ["first", "second"],
    );
    assert.deepEqual(
      registry.scheduled.map((definition) => definition.name),
      ["timer"],
    );
    assert.equal(registry.has(first), true);
    assert.equal(registry.has(queued("first")), false, "another definition under a registered name");
  });
});
