import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { findJsonProblem, jsonProblemFieldErrors, jsonTextDepth, MAX_JSON_DEPTH, textProblem } from "./untrusted-json";

describe("untrusted JSON", () => {
  it("accepts ordinary values, astral characters included", () => {
    assert.equal(findJsonProblem({ a: ["ü", "😀", 1, null, { b: true }] }), null);
    assert.equal(textProblem("plain"), null);
  });

  it("finds NUL and lone surrogates in values and keys, with their path", () => {
    assert.deepEqual(findJsonProblem({ user: { name: "x\u0000" } }), {
      path: ["user", "name"],
      message: "Null characters are not allowed.",
    });
    assert.deepEqual(findJsonProblem({ list: ["ok", "\udc00"] })?.path, ["list", 1]);
    const key = findJsonProblem({ context: { "\ud800": 1 } });
    assert.deepEqual(key?.path, ["context"]);
    assert.match(key?.message ?? "", /^A key: .*lone surrogate/);
  });

  it("stops at the depth limit without recursing", () => {
    let deep: unknown = "leaf";
    for (let level = 0; level < 100_000; level++) deep = [deep];
    const problem = findJsonProblem({ context: deep });
    assert.equal(problem?.path.length, MAX_JSON_DEPTH);
    assert.deepEqual(jsonProblemFieldErrors(problem as NonNullable<typeof problem>), {
      context: [`${problem?.path.slice(1).join(".")}: Nested more than ${MAX_JSON_DEPTH} levels deep.`],
    });
    let ok: unknown = 1;
    for (let level = 0; level < MAX_JSON_DEPTH - 1; level++) ok = { k: ok };
    assert.equal(findJsonProblem(ok), null);
  });

  it("measures nesting in text without parsing it, ignoring brackets inside strings", () => {
    assert.equal(jsonTextDepth('[{"a": "[[[{{{", "b": ["\\"]"]}]'), 3);
    assert.equal(jsonTextDepth(`${"[".repeat(100_000)}${"]".repeat(100_000)}`), 100_000);
    assert.equal(jsonTextDepth('"plain"'), 0);
  });
});
