import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { chartRows } from "./volume-rows";

describe("chartRows", () => {
  const now = Date.parse("2026-11-20T12:30:00Z");
  it("fills every hourly bucket of a day with zeros and stacks actions", () => {
    const { actions, rows } = chartRows(
      [
        { action: "login", time: "2026-11-20T10:00:00.000Z", count: 3 },
        { action: "login_failed", time: "2026-11-20T10:00:00.000Z", count: 1 },
        { action: "login", time: "2026-11-20T12:00:00.000Z", count: 2 },
      ],
      1,
      now,
    );
    assert.deepEqual(actions, ["login", "login_failed"]);
    assert.equal(rows.length, 25);
    const byTime = new Map(rows.map((row) => [new Date(row.time).toISOString().slice(11, 13), row]));
    assert.deepEqual(byTime.get("10"), { time: Date.parse("2026-11-20T10:00:00Z"), login: 3, login_failed: 1 });
    assert.deepEqual(byTime.get("11"), { time: Date.parse("2026-11-20T11:00:00Z"), login: 0, login_failed: 0 });
  });
  it("uses daily buckets for long windows", () => {
    const { rows } = chartRows([], 30, now);
    assert.equal(rows.length, 31);
    assert.ok(rows.every((row) => new Date(row.time).toISOString().endsWith("T00:00:00.000Z")));
  });
});
