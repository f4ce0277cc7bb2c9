import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { diffRows, formatDiffValue } from "./diff-view";

describe("diffRows", () => {
  it("classifies top-level changes, including falsy previous values (authentik shows them as '-')", () => {
    const rows = diffRows({
      name: { previous_value: "Ann", new_value: "Anna" },
      email: { previous_value: null, new_value: "a@x.test" },
      path: { previous_value: "users", new_value: null },
      is_active: { previous_value: false, new_value: true },
      count: { previous_value: 0, new_value: 1 },
    });
    assert.deepEqual(
      rows.map((row) => [row.path, row.kind]),
      [
        ["name", "changed"],
        ["email", "added"],
        ["path", "removed"],
        ["is_active", "changed"],
        ["count", "changed"],
      ],
    );
  });

  it("diffs nested JSON key by key and skips unchanged keys", () => {
    const rows = diffRows({
      attributes: {
        previous_value: { team: "red", level: 1, keep: "x", deep: { a: 1 } },
        new_value: { team: "blue", level: 1, keep: "x", deep: { a: 2, b: 3 }, extra: true },
      },
    });
    assert.deepEqual(rows, [
      { path: "attributes.deep.a", kind: "changed", previous: 1, next: 2 },
      { path: "attributes.deep.b", kind: "added", previous: null, next: 3 },
      { path: "attributes.extra", kind: "added", previous: null, next: true },
      { path: "attributes.team", kind: "changed", previous: "red", next: "blue" },
    ]);
  });

  it("keeps membership changes whole and shows masked secrets that changed", () => {
    assert.deepEqual(diffRows({ users: { add: [3, 4] }, groups: { remove: ["g"] }, members: { clear: true } }), [
      { path: "users", kind: "membership", add: [3, 4], remove: [], clear: false },
      { path: "groups", kind: "membership", add: [], remove: ["g"], clear: false },
      { path: "members", kind: "membership", add: [], remove: [], clear: true },
    ]);
    const masked = "*".repeat(20);
    assert.deepEqual(diffRows({ password: { previous_value: masked, new_value: masked } }), [
      { path: "password", kind: "changed", previous: masked, next: masked },
    ]);
  });

  it("ignores malformed diffs", () => {
    assert.deepEqual(diffRows(null), []);
    assert.deepEqual(diffRows({ broken: "text" }), []);
  });

  it("formats values for display", () => {
    assert.equal(formatDiffValue(null), "—");
    assert.equal(formatDiffValue(false), "false");
    assert.equal(formatDiffValue(0), "0");
    assert.equal(formatDiffValue({ a: [1] }), '{"a":[1]}');
  });
});
