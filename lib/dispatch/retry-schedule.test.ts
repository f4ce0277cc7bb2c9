import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { delayAfterAttempt, maxAttemptsOf, parseRetrySchedule } from "./retry-schedule";

describe("delivery retry schedule", () => {
  it("parses delays with units", () => {
    assert.deepEqual(parseRetrySchedule("30s, 2m,1h,1.5d,250ms"), [30_000, 120_000, 3_600_000, 129_600_000, 250]);
    assert.deepEqual(parseRetrySchedule(""), []);
  });

  it("names the bad part", () => {
    assert.throws(() => parseRetrySchedule("30s,soon"), /"soon" is not a delay/);
  });

  it("gives the delay after each attempt and stops after the last", () => {
    const schedule = parseRetrySchedule("1s,2s");
    assert.equal(maxAttemptsOf(schedule), 3);
    assert.equal(delayAfterAttempt(schedule, 1), 1000);
    assert.equal(delayAfterAttempt(schedule, 2), 2000);
    assert.equal(delayAfterAttempt(schedule, 3), null);
  });
});
