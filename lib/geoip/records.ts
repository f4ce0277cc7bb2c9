import { continentOf } from "./continents";

/** authentik's `context.geo`. */
export type TGeoContext = {
  continent: string | null;
  country: string | null;
  city: string;
  lat: number | null;
  long: number | null;
};
/** authentik's `context.asn`. */
export type TAsnContext = { asn: number | null; as_org: string | null; network: string | null };

type TFlatCity = { country_code?: string; city?: string; latitude?: number; longitude?: number };
type TGeoIp2City = {
  continent?: { code?: string };
  country?: { iso_code?: string };
  city?: { names?: Record<string, string> };
  location?: { latitude?: number; longitude?: number };
};

const num = (value: unknown): number | null => (typeof value === "number" && Number.isFinite(value) ? value : null);

/** Reads both MaxMind's GeoIP2/GeoLite2 City shape and the flattened shape of the bundled data. */
export function geoFromRecord(record: unknown): TGeoContext | null {
  if (!record || typeof record !== "object") return null;
  const flat = record as TFlatCity;
  const nested = record as TGeoIp2City;
  const country = nested.country?.iso_code ?? flat.country_code ?? null;
  const lat = num(nested.location?.latitude ?? flat.latitude);
  const long = num(nested.location?.longitude ?? flat.longitude);
  if (!country && lat === null) return null;
  return {
    continent: nested.continent?.code ?? continentOf(country),
    country,
    city: nested.city?.names?.en ?? (typeof flat.city === "string" ? flat.city : "") ?? "",
    lat,
    long,
  };
}

type TAsnRecord = {
  autonomous_system_number?: number;
  autonomous_system_organization?: string;
  asn?: number | string;
  as_org?: string;
  name?: string;
};

export function asnFromRecord(record: unknown, network: string | null): TAsnContext | null {
  if (!record || typeof record !== "object") return null;
  const data = record as TAsnRecord;
  const rawAsn = data.autonomous_system_number ?? data.asn;
  const asn = typeof rawAsn === "string" ? Number(rawAsn.replace(/^AS/i, "")) : rawAsn;
  return {
    asn: num(asn),
    as_org: data.autonomous_system_organization ?? data.as_org ?? data.name ?? null,
    network,
  };
}
