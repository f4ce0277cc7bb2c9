import assert from "node:assert/strict";
import { afterEach, describe, it } from "node:test";
import { resetEnvCache } from "@/lib/env";
import { PEER_HEADER } from "@/lib/net/client-ip";
import { publicOriginFromHeaders } from "./http-context";
import { isSameOriginRequest, publicOrigin } from "./public-origin";

describe("publicOrigin", () => {
  const direct = { viaTrustedProxy: false };
  const proxied = { viaTrustedProxy: true };
  const cases: [string, Record<string, string>, { configuredUrl?: string; viaTrustedProxy: boolean }, string | null][] =
    [
      ["the Host header, over http", { host: "herald.test:3000" }, direct, "http://herald.test:3000"],
      ["an IPv6 Host", { host: "[::1]:3000" }, direct, "http://[::1]:3000"],
      [
        "X-Forwarded-* from a client are ignored",
        { host: "127.0.0.1:3000", "x-forwarded-host": "evil.example", "x-forwarded-proto": "https" },
        direct,
        "http://127.0.0.1:3000",
      ],
      [
        "X-Forwarded-* from a trusted proxy win (first value of a list)",
        { host: "127.0.0.1:3000", "x-forwarded-host": "herald.example, inner", "x-forwarded-proto": "https" },
        proxied,
        "https://herald.example",
      ],
      ["a trusted proxy without them: the Host", { host: "herald.example" }, proxied, "http://herald.example"],
      ["an odd proto is not believed", { host: "h.test", "x-forwarded-proto": "gopher" }, proxied, "http://h.test"],
      [
        "the configured URL beats everything",
        { host: "0.0.0.0:3000", "x-forwarded-host": "evil.example" },
        { configuredUrl: "https://herald.example.com/some/path", viaTrustedProxy: true },
        "https://herald.example.com",
      ],
      ["no Host", {}, direct, null],
      ["a malformed Host", { host: "evil.example/path" }, direct, null],
      ["a Host with userinfo", { host: "user@evil.example" }, direct, null],
    ];
  for (const [name, headers, options, expected] of cases) {
    it(name, () => assert.equal(publicOrigin(new Headers(headers), options), expected));
  }
});

describe("isSameOriginRequest", () => {
  const own = "http://herald.test:3000";
  const cases: [string, string, Record<string, string>, boolean][] = [
    ["GET from anywhere", "GET", { origin: "http://evil.example", "sec-fetch-site": "cross-site" }, true],
    ["POST from Herald's pages (Fetch Metadata)", "POST", { "sec-fetch-site": "same-origin" }, true],
    ["POST typed or bookmarked (none)", "POST", { "sec-fetch-site": "none" }, true],
    ["POST cross-site", "POST", { "sec-fetch-site": "cross-site", origin: "http://evil.example" }, false],
    ["POST from a sibling subdomain", "PUT", { "sec-fetch-site": "same-site" }, false],
    ["Fetch Metadata outranks a matching Origin", "POST", { "sec-fetch-site": "cross-site", origin: own }, false],
    ["no Fetch Metadata, own Origin", "PATCH", { origin: own }, true],
    ["no Fetch Metadata, foreign Origin", "DELETE", { origin: "http://evil.example" }, false],
    ["no Fetch Metadata, other scheme", "POST", { origin: "https://herald.test:3000" }, false],
    ["an opaque origin", "POST", { origin: "null" }, false],
    ["no browser headers at all (curl, scripts)", "POST", {}, true],
    ["lower-case method", "post", { origin: "http://evil.example" }, false],
  ];
  for (const [name, method, headers, expected] of cases) {
    it(name, () => assert.equal(isSameOriginRequest(method, new Headers(headers), own), expected));
  }

  it("refuses a browser Origin when Herald's own origin is unknown", () => {
    assert.equal(isSameOriginRequest("POST", new Headers({ origin: own }), null), false);
  });
});

describe("publicOriginFromHeaders (HERALD_PUBLIC_URL, HERALD_TRUSTED_PROXIES)", () => {
  const saved = { url: process.env.HERALD_PUBLIC_URL, proxies: process.env.HERALD_TRUSTED_PROXIES };
  afterEach(() => {
    for (const [key, value] of [
      ["HERALD_PUBLIC_URL", saved.url],
      ["HERALD_TRUSTED_PROXIES", saved.proxies],
    ] as const) {
      if (value === undefined) delete process.env[key];
      else process.env[key] = value;
    }
    resetEnvCache();
  });
  const viaLoopback = new Headers({
    host: "127.0.0.1:3000",
    [PEER_HEADER]: "127.0.0.1",
    "x-forwarded-host": "herald.example",
    "x-forwarded-proto": "https",
  });

  it("uses the Host by default and a configured proxy's headers only from that proxy", () => {
    delete process.env.HERALD_PUBLIC_URL;
    delete process.env.HERALD_TRUSTED_PROXIES;
    resetEnvCache();
    assert.equal(publicOriginFromHeaders(viaLoopback), "http://127.0.0.1:3000");
    process.env.HERALD_TRUSTED_PROXIES = "127.0.0.1/32";
    resetEnvCache();
    assert.equal(publicOriginFromHeaders(viaLoopback), "https://herald.example");
  });

  it("prefers HERALD_PUBLIC_URL", () => {
    process.env.HERALD_PUBLIC_URL = "https://events.example.org";
    resetEnvCache();
    assert.equal(publicOriginFromHeaders(viaLoopback), "https://events.example.org");
  });
});
