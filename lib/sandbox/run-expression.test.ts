import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { checkExpressionSyntax, runExpression, type TRunResult } from "./run-expression";

function okValue(result: TRunResult): unknown {
  assert.equal(result.ok, true, result.ok ? "" : `${result.kind}: ${result.error}`);
  return result.ok ? result.value : undefined;
}

async function timed(input: Parameters<typeof runExpression>[0]): Promise<{ result: TRunResult; ms: number }> {
  const start = performance.now();
  const result = await runExpression(input);
  return { result, ms: performance.now() - start };
}

describe("runExpression: evaluation", () => {
  it("runs a function body with the globals parsed from JSON, `return` included", async () => {
    const result = await runExpression({
      source: "if (!request.user) return 'anon';\nreturn request.user.username + ':' + event.action;",
      globals: { request: { user: { username: "ada" }, context: { event: { action: "login" } } }, event: null },
      wire: "event = request.context.event;",
    });
    assert.equal(okValue(result), "ada:login");
  });

  it("returns undefined when the body does not return", async () => {
    assert.equal(okValue(await runExpression({ source: "const x = 1;", globals: {} })), undefined);
  });

  it("captures console output and ak_message, and returns mutated collected globals", async () => {
    const result = await runExpression({
      source:
        "console.log('seen', {n: 1}); ak_logger.warning('careful'); ak_message('hello'); notification.body = 'foo'; return 1",
      globals: { notification: { body: "original", severity: "alert" } },
      collect: ["notification"],
    });
    assert.equal(okValue(result), 1);
    assert.ok(result.ok);
    assert.deepEqual(result.logs, ['[info] seen {"n":1}', "[warning] careful"]);
    assert.deepEqual(result.messages, ["hello"]);
    assert.deepEqual(result.collected.notification, { body: "foo", severity: "alert" });
  });

  it("caps captured logs so a chatty expression cannot flood the host", async () => {
    const result = await runExpression({
      source: "for (let i = 0; i < 10000; i++) console.log('x'.repeat(5000)); return 1",
      globals: {},
      // The loop itself takes ~0.5 s of CPU; on a busy machine that can pass the 1 s default deadline.
      timeoutMs: 10_000,
    });
    assert.ok(result.ok);
    assert.equal(result.logs.length, 200);
    assert.ok(result.logs[0].length < 2100);
  });

  it("reports syntax errors as kind syntax, runtime SyntaxErrors as exceptions, with line numbers", async () => {
    const syntax = await runExpression({ source: "return (", globals: {} });
    assert.equal(syntax.ok, false);
    assert.equal(!syntax.ok && syntax.kind, "syntax");
    assert.match(!syntax.ok ? syntax.error : "", /^SyntaxError: /);
    const thrown = await runExpression({ source: "const a = 1;\n\nthrow new Error('boom')", globals: {} });
    assert.deepEqual(!thrown.ok && [thrown.kind, thrown.error], ["exception", "Error: boom (line 3)"]);
    const parse = await runExpression({ source: "return JSON.parse('{')", globals: {} });
    assert.equal(!parse.ok && parse.kind, "exception");
  });

  it("refuses results larger than 1 MiB", async () => {
    const result = await runExpression({ source: "return 'x'.repeat(2 * 1024 * 1024)", globals: {} });
    assert.equal(result.ok, false);
    assert.match(!result.ok ? result.error : "", /larger than 1 MiB/);
  });

  it("checkExpressionSyntax compiles without running", async () => {
    assert.equal(await checkExpressionSyntax("while (true) {}", ["request"]), null);
    assert.equal(await checkExpressionSyntax("return request.user", ["request"]), null);
    assert.match((await checkExpressionSyntax("return )", ["request"])) ?? "", /^SyntaxError: /);
  });
});

describe("runExpression: containment", () => {
  it("stops an infinite loop at the deadline (kind timeout) and keeps working", async () => {
    const { result, ms } = await timed({ source: "while (true) {}", globals: {}, timeoutMs: 200 });
    assert.equal(!result.ok && result.kind, "timeout");
    assert.ok(ms >= 190 && ms < 200 + 250, `stopped after ${ms} ms`);
    assert.equal(okValue(await runExpression({ source: "return 40 + 2", globals: {} })), 42);
  });

  it("enforces the 1 s default deadline", async () => {
    const { result, ms } = await timed({ source: "for (;;) { Math.sqrt(2); }", globals: {} });
    assert.equal(!result.ok && result.kind, "timeout");
    assert.ok(ms < 1000 + 250, `stopped after ${ms} ms`);
  });

  it("stops catastrophic regex backtracking at the deadline", async () => {
    const { result, ms } = await timed({
      source: "return regex_match('a'.repeat(40) + 'b', '^(a+)+$')",
      globals: {},
      timeoutMs: 200,
    });
    assert.equal(!result.ok && result.kind, "timeout");
    assert.ok(ms < 450, `stopped after ${ms} ms`);
  });

  it("contains memory bombs (kind memory) and recovers", async () => {
    const arrays = await runExpression({
      source: "const a = []; for (;;) a.push({ n: a.length });",
      globals: {},
      timeoutMs: 5000,
    });
    assert.equal(!arrays.ok && arrays.kind, "memory");
    const strings = await runExpression({
      source: "let s = 'x'; for (;;) s += s;",
      globals: {},
      memoryBytes: 8 * 1024 * 1024,
    });
    assert.equal(!strings.ok && strings.kind, "memory");
    assert.equal(okValue(await runExpression({ source: "return [1, 2, 3].length", globals: {} })), 3);
  });

  it("turns deep recursion into a clean stack overflow error", async () => {
    const result = await runExpression({ source: "function f(n) { return f(n + 1) + 1; } return f(0);", globals: {} });
    assert.equal(!result.ok && result.kind, "exception");
    assert.match(!result.ok ? result.error : "", /stack overflow/);
    assert.equal(okValue(await runExpression({ source: "return 'still fine'", globals: {} })), "still fine");
  });

  it("gives no host access: process, require, fetch, timers, std/os modules and import() are unavailable", async () => {
    const names = [
      "process",
      "require",
      "fetch",
      "setTimeout",
      "setInterval",
      "std",
      "os",
      "Deno",
      "Bun",
      "module",
      "global",
    ];
    const types = okValue(
      await runExpression({ source: `return [${names.map((n) => `typeof ${n}`).join(", ")}]`, globals: {} }),
    );
    assert.deepEqual(
      types,
      names.map(() => "undefined"),
    );
    const viaEval = await runExpression({ source: "return eval('process.env')", globals: {} });
    assert.match(!viaEval.ok ? viaEval.error : "", /ReferenceError/);
    const dynamicImport = await runExpression({ source: "return import('node:fs')", globals: {} });
    assert.notEqual(dynamicImport.ok && typeof dynamicImport.value === "object" && dynamicImport.value, true);
    const viaConstructor = await runExpression({
      source: "return (function(){}).constructor('return typeof process')()",
      globals: {},
    });
    assert.equal(okValue(viaConstructor), "undefined");
  });

  it("does not leak state between runs", async () => {
    await runExpression({ source: "globalThis.leak = 1; Object.prototype.polluted = true; return 1", globals: {} });
    assert.deepEqual(okValue(await runExpression({ source: "return [typeof leak, ({}).polluted]", globals: {} })), [
      "undefined",
      null,
    ]);
  });

  it("200 sequential runs (with bombs among them) do not grow memory without bound", async () => {
    const before = process.memoryUsage().rss;
    for (let i = 0; i < 200; i++) {
      const source =
        i % 50 === 49
          ? "let s = []; for (;;) s.push('x'.repeat(1000));"
          : "const big = new Array(100000).fill(7); return big.length";
      const result = await runExpression({ source, globals: { i }, memoryBytes: 16 * 1024 * 1024, timeoutMs: 3000 });
      assert.equal(result.ok, i % 50 !== 49);
    }
    const grownMb = (process.memoryUsage().rss - before) / 1024 / 1024;
    assert.ok(grownMb < 200, `RSS grew by ${grownMb.toFixed(0)} MB`);
  });
});
