import assert from "node:assert/strict";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { after, before, describe, it } from "node:test";
import { setTimeout as sleep } from "node:timers/promises";
import { createEvent } from "@/lib/events/create-event";
import { registerEnricher } from "@/lib/events/enrich";
import { testBackends } from "@/lib/testing/test-db";
import { BUNDLED_CITY_PATHS, capabilitiesOf, enricherFor, openGeoDatabases, type TGeoDatabases } from "./databases";
import { MmdbWriter } from "./mmdb-writer";

const asnDb = (org: string) =>
  new MmdbWriter({ databaseType: "GeoLite2-ASN" })
    .insert("81.2.64.0/18", { autonomous_system_number: 20712, autonomous_system_organization: org })
    .insert("2a00:1450::/32", { autonomous_system_number: 15169, autonomous_system_organization: "Google LLC" })
    .toBuffer(1_750_000_000);

describe("GeoIP and ASN enrichment from real .mmdb files", () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "herald-geo-"));
  const asnPath = path.join(dir, "asn.mmdb");
  let databases: TGeoDatabases;
  before(async () => {
    fs.writeFileSync(asnPath, asnDb("Andrews & Arnold Ltd"));
    databases = await openGeoDatabases({ cityPaths: BUNDLED_CITY_PATHS, asnPaths: [asnPath], bundled: true });
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it("adds authentik's geo and asn context for a public IPv4 address", () => {
    const context = enricherFor(databases)("81.2.69.142");
    assert.deepEqual(context?.asn, { asn: 20712, as_org: "Andrews & Arnold Ltd", network: "81.2.64.0/18" });
    const geo = context?.geo as Record<string, unknown>;
    assert.equal(geo.country, "GB");
    assert.equal(geo.continent, "EU");
    assert.equal(geo.city, "Bracknell");
    assert.ok(Math.abs((geo.lat as number) - 51.4) < 0.1 && Math.abs((geo.long as number) + 0.76) < 0.1);
  });

  it("answers IPv6 from the IPv6 file and IPv4-mapped addresses as IPv4", () => {
    const v6 = enricherFor(databases)("2a00:1450:4001:80b::200e");
    assert.equal((v6?.geo as Record<string, unknown>).country, "DE");
    assert.equal((v6?.asn as Record<string, unknown>).as_org, "Google LLC");
    const mapped = enricherFor(databases)("::ffff:81.2.69.142");
    assert.equal((mapped?.geo as Record<string, unknown>).city, "Bracknell");
  });

  it("skips private, loopback, link-local and reserved addresses", () => {
    for (const ip of ["10.1.2.3", "192.168.0.5", "127.0.0.1", "::1", "169.254.1.1", "fd00::1", "100.64.1.1"]) {
      assert.equal(enricherFor(databases)(ip), null, ip);
    }
  });

  it("reports capabilities with provenance", () => {
    const capabilities = capabilitiesOf(databases);
    assert.equal(capabilities.geoip.enabled, true);
    assert.equal(capabilities.geoip.bundled, true);
    assert.match(capabilities.geoip.builtAt ?? "", /^\d{4}-\d\d-\d\dT/);
    assert.deepEqual(capabilities.asn.paths, [asnPath]);
    assert.equal(capabilities.asn.databaseType, "GeoLite2-ASN");
  });

  it("picks up a replaced database file without a restart", async () => {
    fs.writeFileSync(`${asnPath}.new`, asnDb("Renamed Org"));
    fs.renameSync(`${asnPath}.new`, asnPath);
    let org: unknown;
    for (let attempt = 0; attempt < 40 && org !== "Renamed Org"; attempt++) {
      await sleep(250);
      org = (enricherFor(databases)("81.2.69.142")?.asn as Record<string, unknown>).as_org;
    }
    assert.equal(org, "Renamed Org");
  });

  it("a missing file leaves that enrichment off instead of failing", async () => {
    const partial = await openGeoDatabases({ cityPaths: [path.join(dir, "missing.mmdb")], asnPaths: [asnPath] });
    assert.equal(capabilitiesOf(partial).geoip.enabled, false);
    assert.equal(enricherFor(partial)("81.2.69.142")?.geo, undefined);
  });

  for (const backend of testBackends()) {
    it(`createEvent stores the enrichment, and a producer's own geo wins (${backend.name})`, async () => {
      const handle = await backend.open();
      const unregister = registerEnricher(enricherFor(databases));
      try {
        const enriched = await createEvent(handle.db, { action: "login", app: "test", clientIp: "81.2.69.142" });
        assert.equal((enriched.context.geo as Record<string, unknown>).city, "Bracknell");
        const imported = await createEvent(handle.db, {
          action: "login",
          app: "test",
          clientIp: "81.2.69.142",
          context: { geo: { city: "Kept" } },
        });
        assert.deepEqual(imported.context.geo, { city: "Kept" });
        const internal = await createEvent(handle.db, { action: "login", app: "test", clientIp: "10.0.0.1" });
        assert.equal(internal.context.geo, undefined);
      } finally {
        unregister();
        await handle.dispose();
      }
    });
  }
});
