import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { errorResponse } from "./api/http";
import { AppError, isDatabaseUnavailable, RETRY_AFTER_SECONDS } from "./errors";

const withCode = (code: string, message = "x") => Object.assign(new Error(message), { code });

describe("isDatabaseUnavailable", () => {
  const unavailable: Array<[string, unknown]> = [
    ["connection refused", withCode("ECONNREFUSED")],
    ["connection reset", withCode("ECONNRESET")],
    ["postgres.js connect timeout", withCode("CONNECT_TIMEOUT")],
    ["postgres.js connection closed", withCode("CONNECTION_CLOSED")],
    ["postgres.js pool ended", withCode("CONNECTION_ENDED")],
    ["no pool connection in time", withCode("DB_ACQUIRE_TIMEOUT")],
    ["admin_shutdown", withCode("57P01", "terminating connection due to administrator command")],
    ["cannot_connect_now", withCode("57P03", "the database system is shutting down")],
    ["connection_exception class", withCode("08006")],
    ["statement_timeout", withCode("57014", "canceling statement due to statement timeout")],
    ["pg without a code", new Error("Connection terminated unexpectedly")],
    ["pg pool checkout", new Error("timeout exceeded when trying to connect")],
    ["PGlite after close", new Error("PGlite is closed")],
    ["wrapped by drizzle", Object.assign(new Error("Failed query: select 1"), { cause: withCode("57P01") })],
  ];
  for (const [name, error] of unavailable) {
    it(`is true for ${name}`, () => assert.equal(isDatabaseUnavailable(error), true));
  }

  const other: Array<[string, unknown]> = [
    ["a unique violation", withCode("23505")],
    ["a syntax error", withCode("42601")],
    ["an app error", new AppError("not_found", "Not found.")],
    ["a plain bug", new TypeError("undefined is not a function")],
    ["an outbound fetch refused", Object.assign(new TypeError("fetch failed"), { cause: withCode("ECONNREFUSED") })],
    ["a string", "ECONNREFUSED"],
    ["nothing", undefined],
  ];
  for (const [name, error] of other) {
    it(`is false for ${name}`, () => assert.equal(isDatabaseUnavailable(error), false));
  }
});

describe("errorResponse for an unreachable database", () => {
  it("answers 503 JSON with Retry-After, without internals", async () => {
    const response = errorResponse(withCode("ECONNREFUSED", "connect ECONNREFUSED 10.0.0.5:5432"));
    assert.equal(response.status, 503);
    assert.equal(response.headers.get("retry-after"), String(RETRY_AFTER_SECONDS));
    assert.equal(response.headers.get("content-type"), "application/json");
    const body = await response.json();
    assert.equal(body.code, "unavailable");
    assert.doesNotMatch(JSON.stringify(body), /10\.0\.0\.5/);
  });

  it("adds Retry-After to an AppError of code unavailable too", () => {
    const response = errorResponse(new AppError("unavailable", "Not migrated yet."));
    assert.equal(response.status, 503);
    assert.equal(response.headers.get("retry-after"), String(RETRY_AFTER_SECONDS));
  });

  it("still answers other errors 500", () => {
    assert.equal(errorResponse(new TypeError("bug")).status, 500);
  });
});
