import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { toJsonSafe } from "./json-safe";

describe("toJsonSafe", () => {
  it("keeps falsy list items (unlike authentik) and turns undefined items into null", () => {
    assert.deepEqual(toJsonSafe([0, false, "", null, undefined, [], {}]), [0, false, "", null, null, [], {}]);
  });

  it("writes Dates as ISO strings in UTC with a Z suffix, at any depth", () => {
    const date = new Date(Date.UTC(2024, 0, 2, 3, 4, 5, 6));
    assert.deepEqual(toJsonSafe({ at: date, list: [date], deep: { deeper: { at: date } } }), {
      at: "2024-01-02T03:04:05.006Z",
      list: ["2024-01-02T03:04:05.006Z"],
      deep: { deeper: { at: "2024-01-02T03:04:05.006Z" } },
    });
    assert.match(toJsonSafe(new Date()) as string, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    assert.equal(toJsonSafe(new Date("not a date")), null);
  });

  const cases: [string, unknown, unknown][] = [
    ["string", "a", "a"],
    ["boolean", false, false],
    ["number", 1.5, 1.5],
    ["zero", 0, 0],
    ["NaN", Number.NaN, "NaN"],
    ["Infinity", Number.POSITIVE_INFINITY, "Infinity"],
    ["bigint", 12345678901234567890n, "12345678901234567890"],
    ["null", null, null],
    [
      "Map",
      new Map<string, unknown>([
        ["a", 1],
        ["b", new Date(0)],
      ]),
      { a: 1, b: "1970-01-01T00:00:00.000Z" },
    ],
    ["Set", new Set([1, 2, 2, 3]), [1, 2, 3]],
    ["Error", new TypeError("boom"), { type: "TypeError", message: "boom" }],
  ];
  for (const [name, input, expected] of cases) {
    it(`converts ${name}`, () => assert.deepEqual(toJsonSafe(input), expected));
  }

  it("drops undefined, functions and symbols from objects", () => {
    assert.deepEqual(toJsonSafe({ a: undefined, b: () => 1, c: Symbol("x"), d: 1 }), { d: 1 });
  });

  it("produces a value that survives a JSON round trip unchanged", () => {
    const out = toJsonSafe({ when: new Date(0), n: 10n, s: new Set(["x"]), nested: [{ ok: true, nan: Number.NaN }] });
    assert.deepEqual(JSON.parse(JSON.stringify(out)), out);
  });

  it("cuts off runaway nesting instead of overflowing", () => {
    const root: Record<string, unknown> = {};
    let node = root;
    for (let depth = 0; depth < 100; depth++) {
      node.child = {};
      node = node.child as Record<string, unknown>;
    }
    const text = JSON.stringify(toJsonSafe(root));
    assert.match(text, /\[max depth\]/);
    assert.ok(text.length < 1000);
  });

  it("does not mutate its input", () => {
    const input = { when: new Date(0), list: [1, undefined] };
    toJsonSafe(input);
    assert.ok(input.when instanceof Date);
    assert.equal(input.list.length, 2);
  });
});
