import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { Reader } from "maxmind";
import { MmdbWriter } from "./mmdb-writer";

describe("MmdbWriter", () => {
  it("writes a database the maxmind reader answers from, IPv4 and IPv6, most specific wins", () => {
    const writer = new MmdbWriter({ databaseType: "Test-ASN" })
      .insert("8.8.8.0/24", { autonomous_system_number: 15169, autonomous_system_organization: "Google LLC" })
      .insert("81.2.64.0/18", {
        autonomous_system_number: 20712,
        autonomous_system_organization: "Andrews & Arnold Ltd",
      })
      .insert("81.2.69.0/24", { autonomous_system_number: 1, autonomous_system_organization: "More specific" })
      .insert("2a00:1450::/32", { autonomous_system_number: 15169, autonomous_system_organization: "Google LLC" })
      .insert("10.0.0.0/8", { nested: { list: [1, 2.5, "x", true], big: 2 ** 40 } });
    const reader = new Reader<Record<string, unknown>>(writer.toBuffer(1_700_000_000));
    assert.equal(reader.metadata.databaseType, "Test-ASN");
    assert.equal(reader.metadata.ipVersion, 6);
    assert.deepEqual(reader.getWithPrefixLength("8.8.8.8"), [
      { autonomous_system_number: 15169, autonomous_system_organization: "Google LLC" },
      24,
    ]);
    assert.equal(reader.get("81.2.70.1")?.autonomous_system_number, 20712);
    assert.equal(reader.get("81.2.69.142")?.autonomous_system_number, 1);
    assert.equal(reader.get("2a00:1450:4001:80b::200e")?.autonomous_system_organization, "Google LLC");
    assert.deepEqual(
      reader.get("10.1.2.3"),
      { nested: { list: [1, 2.5, "x", true], big: 2n ** 40n } },
      "uint64 reads back as a bigint",
    );
    assert.equal(reader.get("1.1.1.1"), null);
  });

  it("encodes long strings with the extended size forms", () => {
    const long = "a".repeat(70_000);
    const reader = new Reader<Record<string, string>>(
      new MmdbWriter({ databaseType: "T" })
        .insert("192.0.2.0/24", { text: long })
        .insert("198.51.100.0/24", { text: "b".repeat(300) })
        .toBuffer(),
    );
    assert.equal(reader.get("192.0.2.1")?.text.length, 70_000);
    assert.equal(reader.get("198.51.100.1")?.text.length, 300);
  });
});
