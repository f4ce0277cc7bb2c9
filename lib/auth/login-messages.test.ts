import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { loginErrorMessage, safeNextPath } from "./login-messages";

describe("loginErrorMessage", () => {
  it("says how long a lock-out lasts, in seconds or minutes", () => {
    assert.equal(loginErrorMessage("rate_limited:45"), "Too many failed sign-ins. Try again in 45 seconds.");
    assert.equal(loginErrorMessage("rate_limited:300"), "Too many failed sign-ins. Try again in 5 minutes.");
  });
  it("gives one message for every other failure", () => {
    for (const code of ["invalid_credentials", "credentials", undefined, "rate_limited:"]) {
      assert.equal(loginErrorMessage(code), "Invalid username or password.");
    }
  });
});

describe("safeNextPath", () => {
  const cases: [string | null, string | null][] = [
    ["/events?action=login", "/events?action=login"],
    ["/directory/users/3", "/directory/users/3"],
    ["https://evil.example/", null],
    ["//evil.example/x", null],
    ["/\\evil.example", null],
    ["/login?next=/x", null],
    ["/api/v3/core/users/", null],
    ["", null],
    [null, null],
  ];
  for (const [input, expected] of cases)
    it(`${input} → ${expected}`, () => assert.equal(safeNextPath(input), expected));
});
