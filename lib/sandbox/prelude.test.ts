import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { runExpression } from "./run-expression";

async function evaluate(source: string): Promise<unknown> {
  const result = await runExpression({ source, globals: {} });
  if (!result.ok) throw new Error(`${result.kind}: ${result.error}`);
  return result.value;
}

describe("sandbox helpers: CIDR", () => {
  const table: Array<[ip: string, cidr: string, expected: boolean]> = [
    ["192.0.2.5", "192.0.2.0/24", true],
    ["192.0.3.5", "192.0.2.0/24", false],
    ["10.255.0.1", "10.0.0.0/8", true],
    ["11.0.0.1", "10.0.0.0/8", false],
    ["203.0.113.7", "203.0.113.7", true],
    ["203.0.113.8", "203.0.113.7/32", false],
    ["8.8.8.8", "0.0.0.0/0", true],
    ["192.0.2.130", "192.0.2.128/25", true],
    ["192.0.2.127", "192.0.2.128/25", false],
    ["10.1.2.3", "10.9.9.9/8", true],
    ["2001:db8::1", "2001:db8::/32", true],
    ["2001:db9::1", "2001:db8::/32", false],
    ["2001:DB8:0:0:0:0:0:ff", "2001:db8::/120", true],
    ["::1", "::1/128", true],
    ["::2", "::1/128", false],
    ["fe80::1", "fe80::/10", true],
    ["febf::1", "fe80::/10", true],
    ["fec0::1", "fe80::/10", false],
    ["::ffff:192.0.2.9", "192.0.2.0/24", true],
    ["::ffff:192.0.3.9", "192.0.2.0/24", false],
    ["192.0.2.9", "::ffff:0:0/96", false],
    ["2001:db8::1", "10.0.0.0/8", false],
  ];
  for (const [ip, cidr, expected] of table) {
    it(`${ip} in ${cidr} → ${expected}`, async () => {
      const source = `return [ip_network(${JSON.stringify(cidr)}).contains(${JSON.stringify(ip)}), ip_in_network(${JSON.stringify(ip)}, ${JSON.stringify(cidr)}), ip_address(${JSON.stringify(ip)}).in(${JSON.stringify(cidr)})]`;
      assert.deepEqual(await evaluate(source), [expected, expected, expected]);
    });
  }

  it("formats addresses and networks canonically", async () => {
    assert.deepEqual(
      await evaluate(
        "return [String(ip_address('2001:0db8:0000:0000:0000:ff00:0042:8329')), String(ip_address('::')), String(ip_network('10.1.2.3/8')), ip_address('::ffff:1.2.3.4').ipv4_mapped.toString(), ip_address('192.0.2.1').version, ip_network('2001:db8::/48').prefixlen, String(ip_address('1:0:0:1:0:0:0:1'))]",
      ),
      ["2001:db8::ff00:42:8329", "::", "10.0.0.0/8", "1.2.3.4", 4, 48, "1:0:0:1::1"],
    );
  });

  it("raises ValueError on malformed addresses and networks; ip_in_network treats a missing ip as false", async () => {
    for (const bad of [
      "'256.1.1.1'",
      "'1.2.3'",
      "'01.2.3.4'",
      "'1::2::3'",
      "'gggg::1'",
      "'1:2:3:4:5:6:7:8:9'",
      "null",
    ]) {
      const result = await runExpression({ source: `return ip_address(${bad})`, globals: {} });
      assert.equal(result.ok, false, bad);
      assert.match(!result.ok ? result.error : "", /^ValueError: .*does not appear to be an IPv4 or IPv6 address/);
    }
    const badPrefix = await runExpression({ source: "return ip_network('10.0.0.0/33')", globals: {} });
    assert.match(!badPrefix.ok ? badPrefix.error : "", /ValueError/);
    assert.deepEqual(
      await evaluate(
        "return [ip_in_network(null, '10.0.0.0/8'), ip_in_network('', '10.0.0.0/8'), ip_in_network('junk', '10.0.0.0/8')]",
      ),
      [false, false, false],
    );
  });
});

describe("sandbox helpers: regex and lists", () => {
  it("regex_match searches anywhere, honours flags, and is false for null", async () => {
    assert.deepEqual(
      await evaluate(
        "return [regex_match('user@corp.example', '@corp\\\\.example$'), regex_match('ADMIN', '^admin$'), regex_match('ADMIN', '^admin$', 'i'), regex_match(null, '.*')]",
      ),
      [true, false, true, false],
    );
  });

  it("regex_replace replaces every match with $-groups", async () => {
    assert.deepEqual(
      await evaluate(
        "return [regex_replace('a-b-c', '-', '+'), regex_replace('john.smith', '(\\\\w+)\\\\.(\\\\w+)', '$2, $1'), regex_replace('AaA', 'a', 'x', 'i')]",
      ),
      ["a+b+c", "smith, john", "xxx"],
    );
  });

  it("list_flatten returns the first element, null for empty lists, other values unchanged", async () => {
    assert.deepEqual(await evaluate("return [list_flatten([3, 4]), list_flatten([]), list_flatten('x')]"), [
      3,
      null,
      "x",
    ]);
  });
});
