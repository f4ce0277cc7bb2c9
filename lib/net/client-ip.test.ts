import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { isInCidrs, isTrustedPeer, normalizeIp, parseCidrList, resolveClientIp } from "./client-ip";

describe("normalizeIp", () => {
  const cases: [string | null | undefined, string | null][] = [
    ["192.0.2.1", "192.0.2.1"],
    [" 192.0.2.1 ", "192.0.2.1"],
    ["::ffff:192.0.2.1", "192.0.2.1"],
    ["::FFFF:127.0.0.1", "127.0.0.1"],
    ["2001:DB8::1", "2001:db8::1"],
    ["[2001:db8::1]", "2001:db8::1"],
    ["fe80::1%eth0", "fe80::1"],
    ["::1", "::1"],
    ["", null],
    [null, null],
    [undefined, null],
    ["not-an-ip", null],
    ["192.0.2.1:8080", null],
    ["999.1.1.1", null],
    ["unknown", null],
  ];
  for (const [input, expected] of cases)
    it(`${JSON.stringify(input)} → ${expected}`, () => assert.equal(normalizeIp(input), expected));
});

describe("parseCidrList / isInCidrs", () => {
  const cidrs = parseCidrList("10.0.0.0/8, 192.0.2.7 ,::1/128,2001:db8::/32,");
  const cases: [string, boolean][] = [
    ["10.1.2.3", true],
    ["11.0.0.1", false],
    ["192.0.2.7", true],
    ["192.0.2.8", false],
    ["::1", true],
    ["2001:db8:ffff::1", true],
    ["2001:db9::1", false],
  ];
  for (const [ip, inside] of cases)
    it(`${ip} ${inside ? "is" : "is not"} trusted`, () => assert.equal(isInCidrs(ip, cidrs), inside));

  it("rejects a malformed list entry", () => {
    assert.throws(() => parseCidrList("10.0.0.0/8,banana"));
  });
});

describe("resolveClientIp", () => {
  const trusted = parseCidrList("127.0.0.1/32,::1/128,10.0.0.0/8");
  const cases: [string, string | null, string | null, string | null][] = [
    ["untrusted peer: X-Forwarded-For is ignored", "203.0.113.5", "198.51.100.1", "203.0.113.5"],
    ["untrusted peer without header", "203.0.113.5", null, "203.0.113.5"],
    ["trusted peer without header", "127.0.0.1", null, "127.0.0.1"],
    ["trusted peer: last hop is the client", "127.0.0.1", "198.51.100.1", "198.51.100.1"],
    [
      "spoofed left entries are skipped: rightmost untrusted hop wins",
      "127.0.0.1",
      "1.1.1.1, 198.51.100.1, 10.0.0.2",
      "198.51.100.1",
    ],
    ["all hops trusted: the leftmost is the client", "127.0.0.1", "10.0.0.3, 10.0.0.2", "10.0.0.3"],
    ["IPv4-mapped IPv6 peer counts as its IPv4 address", "::ffff:127.0.0.1", "198.51.100.9", "198.51.100.9"],
    ["IPv4-mapped IPv6 hop is normalised", "::1", "::ffff:198.51.100.9", "198.51.100.9"],
    ["malformed hop stops the walk at the peer", "127.0.0.1", "198.51.100.1, garbage", "127.0.0.1"],
    ["untrusted IPv6 peer", "2001:db8::5", "198.51.100.1", "2001:db8::5"],
    ["no peer: unknown, whatever X-Forwarded-For says", null, "198.51.100.1, 198.51.100.2", null],
    ["no peer, malformed header", null, "garbage", null],
    ["nothing known", null, null, null],
  ];
  for (const [name, peer, forwarded, expected] of cases) {
    it(name, () => assert.equal(resolveClientIp(peer, forwarded, trusted), expected));
  }

  it("with no trusted proxy (the default), a loopback peer's X-Forwarded-For is ignored", () => {
    const none = parseCidrList("");
    assert.equal(resolveClientIp("127.0.0.1", "198.51.100.1", none), "127.0.0.1");
    assert.equal(resolveClientIp("::1", "198.51.100.1", none), "::1");
  });
});

describe("isTrustedPeer", () => {
  const trusted = parseCidrList("127.0.0.1/32,10.0.0.0/8");
  it("accepts addresses inside the list, in any spelling", () => {
    assert.equal(isTrustedPeer("127.0.0.1", trusted), true);
    assert.equal(isTrustedPeer("::ffff:10.1.2.3", trusted), true);
  });
  it("refuses others, invalid text and no peer", () => {
    assert.equal(isTrustedPeer("192.0.2.1", trusted), false);
    assert.equal(isTrustedPeer("garbage", trusted), false);
    assert.equal(isTrustedPeer(null, trusted), false);
    assert.equal(isTrustedPeer("127.0.0.1", parseCidrList("")), false);
  });
});
