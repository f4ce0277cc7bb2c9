import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { DEFAULT_EVENT_RETENTION, expiryFor, parseDuration } from "./retention";

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const WEEK = 7 * DAY;

describe("parseDuration", () => {
  const valid: [string, number][] = [
    ["days=365", 365 * DAY],
    ["weeks=3", 3 * WEEK],
    ["weeks=3;days=2", 3 * WEEK + 2 * DAY],
    ["hours=1, minutes=30", HOUR + 30 * MINUTE],
    [" days = 1 ; ", DAY],
    ["seconds=1.5", 1500],
    ["milliseconds=250", 250],
    ["microseconds=2000", 2],
    ["days=1;days=1", 2 * DAY],
  ];
  for (const [text, milliseconds] of valid) {
    it(`"${text}" = ${milliseconds} ms`, () => assert.deepEqual(parseDuration(text), { ok: true, milliseconds }));
  }

  const invalid: [string, RegExp][] = [
    ["", /^Enter a duration such as days=365\.$/],
    [" ; , ", /^Enter a duration such as days=365\.$/],
    ["days", /^"days" is not of the form unit=value\.$/],
    ["365", /^"365" is not of the form unit=value\.$/],
    ["days=-1", /^"days=-1" is not of the form unit=value\.$/],
    ["days=abc", /^"days=abc" is not of the form unit=value\.$/],
    ["weeks=3;bogus", /^"bogus" is not of the form unit=value\.$/],
    [
      "fortnights=1",
      /^Unknown unit "fortnights"; use weeks, days, hours, minutes, seconds, milliseconds, microseconds\.$/,
    ],
    ["days=0", /^The duration must be longer than zero\.$/],
    ["days=0;hours=0", /longer than zero/],
  ];
  for (const [text, message] of invalid) {
    it(`rejects "${text}"`, () => {
      const parsed = parseDuration(text);
      assert.equal(parsed.ok, false);
      assert.match((parsed as { message: string }).message, message);
    });
  }
});

describe("expiryFor", () => {
  const created = new Date(Date.UTC(2024, 0, 1, 12));

  it("adds the retention to the creation time (weeks=3 = 3 weeks later)", () => {
    assert.equal(expiryFor(created, "weeks=3").toISOString(), "2024-01-22T12:00:00.000Z");
    assert.equal(expiryFor(created, "hours=2").getTime(), created.getTime() + 2 * HOUR);
  });

  it("falls back to the default (365 days) for an unparseable retention", () => {
    assert.equal(DEFAULT_EVENT_RETENTION, "days=365");
    for (const bad of ["", "forever", "days=0"]) {
      assert.equal(expiryFor(created, bad).getTime(), created.getTime() + 365 * DAY);
    }
  });
});
