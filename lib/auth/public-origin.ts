/** A Host value: a DNS name or IPv4 address, or a bracketed IPv6 address, with an optional port. */
const HOST = /^(?:[a-z0-9](?:[a-z0-9.-]*[a-z0-9])?|\[[0-9a-f:.]+\])(?::\d{1,5})?$/i;

const firstValue = (header: string | null) => header?.split(",")[0]?.trim() || null;

/**
 * The origin people use to reach Herald, for redirects and the same-origin check: the configured
 * public URL when there is one; otherwise the Host header, or X-Forwarded-Host/-Proto when the
 * request came through a trusted proxy (anyone else could send those headers). Herald itself
 * speaks plain HTTP, so without a trusted proxy saying otherwise the scheme is http. Null when the
 * Host header is missing or malformed.
 */
export function publicOrigin(
  headers: Headers,
  options: { configuredUrl?: string | null; viaTrustedProxy: boolean },
): string | null {
  if (options.configuredUrl) return new URL(options.configuredUrl).origin;
  const forwardedHost = options.viaTrustedProxy ? firstValue(headers.get("x-forwarded-host")) : null;
  const host = forwardedHost ?? headers.get("host");
  if (!host || !HOST.test(host)) return null;
  const forwardedProto = options.viaTrustedProxy ? firstValue(headers.get("x-forwarded-proto"))?.toLowerCase() : null;
  const scheme = forwardedProto === "https" || forwardedProto === "http" ? forwardedProto : "http";
  try {
    return new URL(`${scheme}://${host}`).origin;
  } catch {
    return null;
  }
}

const UNSAFE_METHODS = new Set(["POST", "PUT", "PATCH", "DELETE"]);

/**
 * Whether a cookie-authenticated request may change anything: safe methods always; unsafe ones
 * only when the browser says it came from Herald's own pages (Sec-Fetch-Site), or, from browsers
 * without Fetch Metadata, when its Origin is Herald's. A request with neither header did not come
 * from a browser page (browsers send Origin with every cross-origin POST), so it cannot be a
 * forged cross-site request and is let through.
 */
export function isSameOriginRequest(method: string, headers: Headers, ownOrigin: string | null): boolean {
  if (!UNSAFE_METHODS.has(method.toUpperCase())) return true;
  const site = headers.get("sec-fetch-site");
  if (site) return site === "same-origin" || site === "none";
  const origin = headers.get("origin");
  if (origin) return ownOrigin !== null && origin.toLowerCase() === ownOrigin;
  return true;
}
