import ipaddr from "ipaddr.js";

/** Header our HTTP server sets from the socket; any client-sent copy is overwritten (scripts/server.mjs). */
export const PEER_HEADER = "x-herald-peer";

type TCidr = [ipaddr.IPv4 | ipaddr.IPv6, number];

export function parseCidrList(text: string): TCidr[] {
  return text
    .split(",")
    .map((part) => part.trim())
    .filter(Boolean)
    .map((part) =>
      part.includes("/")
        ? ipaddr.parseCIDR(part)
        : ([ipaddr.parse(part), ipaddr.parse(part).kind() === "ipv4" ? 32 : 128] as TCidr),
    );
}

/** Canonical text form; IPv4-mapped IPv6 (::ffff:1.2.3.4) becomes plain IPv4. Null when invalid. */
export function normalizeIp(text: string | null | undefined): string | null {
  if (!text) return null;
  const trimmed = text
    .trim()
    .replace(/^\[(.*)\]$/, "$1")
    .replace(/%.*$/, "");
  // ipaddr.js also reads classful shorthand ("1.2.3" = 1.2.0.3), which no client means; IPv4 must be dotted quad.
  const isIpv4 = !trimmed.includes(":");
  if (isIpv4 ? !ipaddr.IPv4.isValidFourPartDecimal(trimmed) : !ipaddr.isValid(trimmed)) return null;
  const parsed = ipaddr.parse(trimmed);
  if (parsed.kind() === "ipv6" && (parsed as ipaddr.IPv6).isIPv4MappedAddress()) {
    return (parsed as ipaddr.IPv6).toIPv4Address().toString();
  }
  return parsed.toString();
}

/** True when `ip` (any text; invalid is false) is inside one of `cidrs`. */
export function isTrustedPeer(ip: string | null, cidrs: TCidr[]): boolean {
  const normalized = normalizeIp(ip);
  return normalized !== null && isInCidrs(normalized, cidrs);
}

export function isInCidrs(ip: string, cidrs: TCidr[]): boolean {
  const parsed = ipaddr.parse(ip);
  return cidrs.some(([range, bits]) => parsed.kind() === range.kind() && parsed.match(range, bits));
}

/**
 * The client's address: the socket peer, unless the peer is a trusted proxy, in which case the
 * X-Forwarded-For chain is walked from the right, skipping trusted hops. Without a peer (a server
 * other than scripts/server.mjs) the address is unknown: any X-Forwarded-For may be the client's own.
 */
export function resolveClientIp(peer: string | null, forwardedFor: string | null, trusted: TCidr[]): string | null {
  const peerIp = normalizeIp(peer);
  if (!peerIp) return null;
  if (!isInCidrs(peerIp, trusted) || !forwardedFor) return peerIp;
  const hops = forwardedFor.split(",").map(normalizeIp);
  for (let index = hops.length - 1; index >= 0; index--) {
    const hop = hops[index];
    if (!hop) return peerIp; // a malformed hop: stop trusting the chain
    if (!isInCidrs(hop, trusted)) return hop;
  }
  return hops[0] ?? peerIp;
}
