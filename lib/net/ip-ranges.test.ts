import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { addressRange, isPublicUnicast } from "./ip-ranges";

describe("isPublicUnicast", () => {
  const cases: [string, boolean][] = [
    ["8.8.8.8", true],
    ["81.2.69.142", true],
    ["2a00:1450:4001:80b::200e", true],
    ["10.1.2.3", false],
    ["172.16.0.1", false],
    ["192.168.1.1", false],
    ["127.0.0.1", false],
    ["169.254.169.254", false],
    ["100.64.0.1", false],
    ["0.0.0.0", false],
    ["224.0.0.1", false],
    ["255.255.255.255", false],
    ["::1", false],
    ["::", false],
    ["fe80::1", false],
    ["fc00::1", false],
    ["fd12:3456::1", false],
    ["ff02::1", false],
    ["::ffff:10.0.0.1", false],
    ["::ffff:8.8.8.8", true],
    ["not-an-ip", false],
  ];
  for (const [ip, expected] of cases) it(`${ip} → ${expected}`, () => assert.equal(isPublicUnicast(ip), expected));
  it("names the range", () => {
    assert.equal(addressRange("10.0.0.1"), "private");
    assert.equal(addressRange("::ffff:127.0.0.1"), "loopback");
    assert.equal(addressRange("nope"), null);
  });
});
