import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { z } from "zod";
import { AppError, type TErrorCode } from "@/lib/errors";
import { logger } from "@/lib/logger";
import {
  DEFAULT_MAX_BODY_BYTES,
  errorResponse,
  json,
  methodNotAllowed,
  noContent,
  parseBody,
  parseQuery,
  readJson,
  route,
  zQueryBool,
} from "./http";

function post(
  body: BodyInit | null,
  headers: Record<string, string> = { "content-type": "application/json" },
): Request {
  return new Request("http://herald.test/api/v3/x/", { method: "POST", body, headers, duplex: "half" } as RequestInit);
}

/** A body without content-length, delivered in chunks, as a chunked upload arrives. */
function streamed(chunks: string[]): ReadableStream<Uint8Array> {
  return new ReadableStream({
    start(controller) {
      for (const chunk of chunks) controller.enqueue(new TextEncoder().encode(chunk));
      controller.close();
    },
  });
}

async function fieldErrorOf(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (error) {
    assert.ok(error instanceof AppError, `expected AppError, got ${String(error)}`);
    assert.equal(error.code, "validation");
    assert.equal(error.status, 400);
    assert.deepEqual(Object.keys(error.fieldErrors ?? {}), ["non_field_errors"]);
    return error.fieldErrors!.non_field_errors[0];
  }
  assert.fail("expected a rejection");
}

describe("readJson", () => {
  it("parses a JSON body", async () => {
    assert.deepEqual(await readJson(post('{"a":[1,2],"b":null}')), { a: [1, 2], b: null });
    assert.deepEqual(await readJson(post(streamed(['{"a"', ":1}"]))), { a: 1 });
  });

  it("rejects malformed JSON as a non_field_errors 400", async () => {
    assert.match(await fieldErrorOf(readJson(post("{not json"))), /^JSON parse error - /);
    assert.match(await fieldErrorOf(readJson(post("[1,"))), /^JSON parse error - /);
  });

  it("rejects an empty or missing body", async () => {
    for (const body of ["", "   \n", null]) {
      assert.equal(await fieldErrorOf(readJson(post(body))), "Request body is empty; expected a JSON object.");
    }
  });

  it("rejects an oversized body by content-length, and by actual size when streamed", async () => {
    const limit = "Request body exceeds the limit of 16 bytes.";
    const body = '{"a":"0123456789abcdef"}';
    // Refused up front from the declared length, before reading (the stream below would error if read).
    const unreadable = new ReadableStream({ pull: (controller) => controller.error(new Error("body was read")) });
    assert.equal(await fieldErrorOf(readJson(post(unreadable, { "content-length": String(body.length) }), 16)), limit);
    assert.equal(await fieldErrorOf(readJson(post(body), 16)), limit);
    assert.equal(await fieldErrorOf(readJson(post(streamed(['{"a":"01234', '56789abcdef"}'])), 16)), limit);
    // A lying content-length does not get a big body through.
    assert.equal(
      await fieldErrorOf(readJson(post(streamed(["[", "1,".repeat(20), "1]"]), { "content-length": "4" }), 16)),
      limit,
    );
    assert.deepEqual(await readJson(post('{"a":1}'), 16), { a: 1 });
  });

  it("has a 1 MiB default limit", async () => {
    assert.equal(DEFAULT_MAX_BODY_BYTES, 1024 * 1024);
    const big = JSON.stringify({ text: "x".repeat(DEFAULT_MAX_BODY_BYTES) });
    assert.match(await fieldErrorOf(readJson(post(big))), /exceeds the limit of 1048576 bytes/);
  });
});

describe("errorResponse", () => {
  before(() => {
    logger.level = "silent";
  });
  after(() => {
    logger.level = process.env.HERALD_LOG_LEVEL || "info";
  });

  it("answers validation errors with 400 and the field errors as the body", async () => {
    const response = errorResponse(AppError.validation({ name: ["This field may not be blank."], users: ["x", "y"] }));
    assert.equal(response.status, 400);
    assert.equal(response.headers.get("content-type"), "application/json");
    assert.deepEqual(await response.json(), { name: ["This field may not be blank."], users: ["x", "y"] });
  });

  const cases: [TErrorCode, number][] = [
    ["unauthenticated", 401],
    ["forbidden", 403],
    ["not_found", 404],
    ["method_not_allowed", 405],
    ["rate_limited", 429],
    ["unavailable", 503],
    ["internal", 500],
  ];
  for (const [code, status] of cases) {
    it(`answers ${code} with ${status} and {detail, code}`, async () => {
      const response = errorResponse(new AppError(code, `message for ${code}`));
      assert.equal(response.status, status);
      assert.deepEqual(await response.json(), { detail: `message for ${code}`, code });
      assert.equal(
        response.headers.get("www-authenticate"),
        code === "unauthenticated" ? 'Bearer realm="herald"' : null,
      );
    });
  }

  it("hides the details of unexpected errors behind a 500", async () => {
    for (const thrown of [new Error("password=hunter2 at db.ts:12"), "a string", null]) {
      const response = errorResponse(thrown);
      assert.equal(response.status, 500);
      const body = await response.json();
      assert.deepEqual(body, { detail: "Internal server error.", code: "internal" });
    }
  });
});

describe("route and response helpers", () => {
  before(() => {
    logger.level = "silent";
  });
  after(() => {
    logger.level = process.env.HERALD_LOG_LEVEL || "info";
  });

  it("passes a handler's response through and maps what it throws", async () => {
    const ok = route(async (request: Request) => json({ url: new URL(request.url).pathname }, 201, { "x-extra": "1" }));
    const response = await ok(new Request("http://herald.test/a/"), {});
    assert.equal(response.status, 201);
    assert.equal(response.headers.get("x-extra"), "1");
    assert.deepEqual(await response.json(), { url: "/a/" });

    const failing = route(async () => {
      throw AppError.notFound("No Thing matches the given query.");
    });
    const notFound = await failing(new Request("http://herald.test/"), {});
    assert.equal(notFound.status, 404);
    assert.deepEqual(await notFound.json(), { detail: "No Thing matches the given query.", code: "not_found" });

    const crashing = route(async () => {
      throw new TypeError("undefined is not a function");
    });
    assert.equal((await crashing(new Request("http://herald.test/"), {})).status, 500);
  });

  it("noContent is an empty 204 and methodNotAllowed a 405 with detail", async () => {
    const empty = noContent();
    assert.equal(empty.status, 204);
    assert.equal(await empty.text(), "");
    const refused = await methodNotAllowed("Events cannot be edited.")(new Request("http://herald.test/"), {});
    assert.equal(refused.status, 405);
    assert.deepEqual(await refused.json(), { detail: "Events cannot be edited.", code: "method_not_allowed" });
  });
});

describe("parseBody / parseQuery", () => {
  const ZBody = z.object({ name: z.string({ error: "This field is required." }), size: z.number().int().default(1) });

  it("validates a body against a schema with authentik-shaped field errors", async () => {
    assert.deepEqual(await parseBody(post('{"name":"x"}'), ZBody), { name: "x", size: 1 });
    await assert.rejects(parseBody(post('{"size":2}'), ZBody), (error: AppError) => {
      assert.deepEqual(error.fieldErrors, { name: ["This field is required."] });
      return error.status === 400;
    });
    await assert.rejects(parseBody(post("nope"), ZBody), (error: AppError) =>
      Boolean(error.fieldErrors?.non_field_errors),
    );
  });

  it("makes arrays only of the listed repeated keys", () => {
    const ZQuery = z.object({
      actions: z.array(z.string()).default([]),
      ordering: z.string().optional(),
      seen: zQueryBool.optional(),
    });
    const request = new Request(
      "http://herald.test/x/?actions=login&actions=logout&ordering=-created&ordering=created&seen=True",
    );
    assert.deepEqual(parseQuery(request, ZQuery, ["actions"]), {
      actions: ["login", "logout"],
      ordering: "-created",
      seen: true,
    });
    assert.throws(
      () => parseQuery(new Request("http://herald.test/x/?seen=maybe"), ZQuery, ["actions"]),
      (error: AppError) => error.fieldErrors?.seen?.[0] === "Must be true or false.",
    );
  });

  it("zQueryBool accepts DRF's spellings", () => {
    for (const [text, value] of [
      ["true", true],
      ["True", true],
      ["1", true],
      ["false", false],
      ["False", false],
      ["0", false],
    ] as const) {
      assert.equal(zQueryBool.parse(text), value);
    }
    for (const bad of ["yes", "", "TRUE"]) assert.equal(zQueryBool.safeParse(bad).success, false);
  });
});

describe("untrusted input at the boundary", () => {
  const failure = async (promise: Promise<unknown>) => {
    try {
      await promise;
    } catch (error) {
      assert.ok(error instanceof AppError);
      return error;
    }
    assert.fail("expected the input to be refused");
  };

  it("answers 415 to a body that is not JSON, whatever it contains", async () => {
    for (const contentType of ["text/plain", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x"]) {
      const error = await failure(readJson(post('{"a":1}', { "content-type": contentType })));
      assert.equal(error.status, 415, contentType);
      assert.match(error.message, /Unsupported media type/);
    }
    const bare = new Request("http://herald.test/", { method: "POST", body: new Blob(['{"a":1}']) });
    assert.equal((await failure(readJson(bare))).status, 415);
    assert.deepEqual(await readJson(post('{"a":1}', { "content-type": "application/json; charset=utf-8" })), { a: 1 });
    assert.deepEqual(await readJson(post('{"a":1}', { "content-type": "application/merge-patch+json" })), { a: 1 });
  });

  it("refuses NUL, lone surrogates and deep nesting in bodies, naming the field", async () => {
    const nul = await failure(readJson(post(JSON.stringify({ name: "a\u0000b" }))));
    assert.deepEqual(nul.fieldErrors, { name: ["Null characters are not allowed."] });
    const surrogate = await failure(readJson(post('{"context": {"k\\ud800": 1}}')));
    assert.match(surrogate.fieldErrors?.context?.[0] ?? "", /lone surrogate/);
    const deep = `${"[".repeat(10_000)}${"]".repeat(10_000)}`;
    const depth = await failure(readJson(post(`{"context": {"x": ${deep}}}`)));
    assert.match(depth.fieldErrors?.context?.[0] ?? "", /Nested more than 64 levels/);
  });

  it("refuses NUL in query parameters, naming the parameter", () => {
    const request = new Request("http://herald.test/api/v3/x/?search=%00&page=1");
    assert.throws(
      () => parseQuery(request, z.object({ search: z.string().optional() })),
      (error: AppError) =>
        error.status === 400 && error.fieldErrors?.search?.[0] === "Null characters are not allowed.",
    );
  });
});
