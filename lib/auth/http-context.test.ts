import assert from "node:assert/strict";
import { afterEach, describe, it } from "node:test";
import { resetEnvCache } from "@/lib/env";
import { SECRET_MASK } from "@/lib/events/mask-secrets";
import { PEER_HEADER } from "@/lib/net/client-ip";
import { clientIpFromHeaders, httpRequestContext } from "./http-context";

describe("clientIpFromHeaders (HERALD_TRUSTED_PROXIES)", () => {
  const saved = process.env.HERALD_TRUSTED_PROXIES;
  afterEach(() => {
    if (saved === undefined) delete process.env.HERALD_TRUSTED_PROXIES;
    else process.env.HERALD_TRUSTED_PROXIES = saved;
    resetEnvCache();
  });

  it("trusts no proxy by default: a forged X-Forwarded-For from loopback is ignored", () => {
    delete process.env.HERALD_TRUSTED_PROXIES;
    resetEnvCache();
    const viaLoopback = new Headers({ [PEER_HEADER]: "127.0.0.1", "x-forwarded-for": "198.51.100.1" });
    assert.equal(clientIpFromHeaders(viaLoopback), "127.0.0.1");
    const viaOther = new Headers({ [PEER_HEADER]: "10.9.9.9", "x-forwarded-for": "198.51.100.1" });
    assert.equal(clientIpFromHeaders(viaOther), "10.9.9.9");
    assert.equal(clientIpFromHeaders(new Headers({ "x-forwarded-for": "198.51.100.1" })), null, "no peer: unknown");
  });

  it("believes X-Forwarded-For from the configured proxies only", () => {
    process.env.HERALD_TRUSTED_PROXIES = "10.0.0.0/8";
    resetEnvCache();
    const viaProxy = new Headers({ [PEER_HEADER]: "10.9.9.9", "x-forwarded-for": "203.0.113.4, 198.51.100.1" });
    assert.equal(clientIpFromHeaders(viaProxy), "198.51.100.1");
    const viaLoopback = new Headers({ [PEER_HEADER]: "127.0.0.1", "x-forwarded-for": "198.51.100.1" });
    assert.equal(clientIpFromHeaders(viaLoopback), "127.0.0.1");

    process.env.HERALD_TRUSTED_PROXIES = "127.0.0.1/32,::1/128";
    resetEnvCache();
    assert.equal(clientIpFromHeaders(viaLoopback), "198.51.100.1", "a proxy on the same machine, when configured");
  });
});

describe("httpRequestContext", () => {
  it("records path, upper-case method, masked query args and the user agent", () => {
    const context = httpRequestContext(
      "http://herald.test/api/v3/x/?page=2&token=abc&tag=a&tag=b",
      "post",
      new Headers({ "user-agent": "curl/8" }),
    );
    assert.deepEqual(context, {
      path: "/api/v3/x/",
      method: "POST",
      args: { page: "2", token: SECRET_MASK, tag: ["a", "b"] },
      user_agent: "curl/8",
    });
    assert.equal(httpRequestContext("/relative", "GET", new Headers()).user_agent, "");
  });
});
