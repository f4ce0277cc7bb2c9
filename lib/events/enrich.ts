/**
 * GeoIP/ASN enrichment hook. lib/geoip registers the MaxMind-backed enricher at start-up; without
 * one (or for private addresses) the context is returned unchanged. Kept on globalThis because
 * Next.js may load this module once per bundle (instrumentation vs. route handlers).
 */
export type TContextEnricher = (ip: string) => Record<string, unknown> | null;

type TStore = { heraldEnrichers?: TContextEnricher[] };
const store = globalThis as unknown as TStore;
const enrichers = (): TContextEnricher[] => (store.heraldEnrichers ??= []);

export function registerEnricher(enricher: TContextEnricher): () => void {
  enrichers().push(enricher);
  return () => {
    const index = enrichers().indexOf(enricher);
    if (index >= 0) enrichers().splice(index, 1);
  };
}

/** Adds what the enrichers know about the IP; keys the producer already set (e.g. an import's `geo`) win. */
export function enrichContext(context: Record<string, unknown>, ip: string): Record<string, unknown> {
  if (enrichers().length === 0) return context;
  const added: Record<string, unknown> = {};
  for (const enricher of enrichers()) {
    try {
      Object.assign(added, enricher(ip) ?? {});
    } catch {
      // A broken database must never block event creation; the lookup is best effort.
    }
  }
  return { ...added, ...context };
}
