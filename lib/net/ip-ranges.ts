import ipaddr from "ipaddr.js";

/**
 * The ipaddr.js range of an address, IPv4-mapped IPv6 (::ffff:10.0.0.1) judged as its IPv4 form.
 * Null for text that is not an address.
 */
export function addressRange(ip: string): string | null {
  if (!ipaddr.isValid(ip)) return null;
  let parsed = ipaddr.parse(ip);
  if (parsed.kind() === "ipv6" && (parsed as ipaddr.IPv6).isIPv4MappedAddress())
    parsed = (parsed as ipaddr.IPv6).toIPv4Address();
  return parsed.range();
}

/** Globally routable unicast: not private, loopback, link-local, CGNAT, multicast, reserved … */
export function isPublicUnicast(ip: string): boolean {
  return addressRange(ip) === "unicast";
}
