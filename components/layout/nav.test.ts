import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { activeHref } from "./nav";

describe("activeHref", () => {
  const cases: [string, string | null][] = [
    ["/", "/"],
    ["/events", "/events"],
    ["/events/0b3f6a4e-1c2d-4e5f-8a9b-0c1d2e3f4a5b", "/events"],
    ["/events/rules", "/events/rules"],
    ["/events/rules/abc", "/events/rules"],
    ["/eventsX", null],
    ["/directory/users/12", "/directory/users"],
    ["/account", null],
  ];
  for (const [path, expected] of cases) it(`${path} → ${expected}`, () => assert.equal(activeHref(path), expected));
});
