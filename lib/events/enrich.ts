/**
 * GeoIP/ASN enrichment hook. The MaxMind readers are registered by lib/geoip at start-up;
 * without them (or for private addresses) the context is returned unchanged.
 */
export type TContextEnricher = (ip: string) => Record<string, unknown> | null;

const enrichers: TContextEnricher[] = [];

export function registerEnricher(enricher: TContextEnricher): void {
  enrichers.push(enricher);
}

export function enrichContext(context: Record<string, unknown>, ip: string): Record<string, unknown> {
  if (enrichers.length === 0) return context;
  const out = { ...context };
  for (const enricher of enrichers) {
    try {
      Object.assign(out, enricher(ip) ?? {});
    } catch {
      // A broken database must never block event creation; the lookup is best effort.
    }
  }
  return out;
}
