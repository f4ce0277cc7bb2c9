/**
 * The IP helpers, evaluated only when the expression names one of them (`ip_…`): compiling them
 * costs about as much as the rest of a run, and most expressions do not need them.
 */
export const SANDBOX_PRELUDE_IP = String.raw`(function () {
  "use strict";
  const valueError = (text) => { const error = new Error(text); error.name = "ValueError"; return error; };
  const parseV4 = (text) => {
    const parts = text.split(".");
    if (parts.length !== 4) return null;
    const bytes = [];
    for (const part of parts) {
      if (!/^\d{1,3}$/.test(part) || (part.length > 1 && part[0] === "0")) return null;
      const value = Number(part);
      if (value > 255) return null;
      bytes.push(value);
    }
    return bytes;
  };
  const parseV6 = (input) => {
    let text = input;
    if (text.includes("%")) return null;
    const lastColon = text.lastIndexOf(":");
    if (lastColon < 0) return null;
    if (text.slice(lastColon + 1).includes(".")) {
      const v4 = parseV4(text.slice(lastColon + 1));
      if (!v4) return null;
      text = text.slice(0, lastColon + 1) + ((v4[0] << 8) | v4[1]).toString(16) + ":" + ((v4[2] << 8) | v4[3]).toString(16);
    }
    const halves = text.split("::");
    if (halves.length > 2) return null;
    const words = (half) => (half === "" ? [] : half.split(":").map((w) => (/^[0-9a-fA-F]{1,4}$/.test(w) ? parseInt(w, 16) : NaN)));
    const head = words(halves[0]);
    const tail = halves.length === 2 ? words(halves[1]) : [];
    if (head.concat(tail).some((w) => Number.isNaN(w))) return null;
    let all;
    if (halves.length === 2) {
      const fill = 8 - head.length - tail.length;
      if (fill < 1) return null;
      all = head.concat(new Array(fill).fill(0), tail);
    } else {
      if (head.length !== 8) return null;
      all = head;
    }
    const bytes = [];
    for (const w of all) bytes.push(w >> 8, w & 255);
    return bytes;
  };
  const formatV6 = (bytes) => {
    const words = [];
    for (let i = 0; i < 16; i += 2) words.push((bytes[i] << 8) | bytes[i + 1]);
    let bestStart = -1, bestLength = 0;
    for (let i = 0; i < 8; ) {
      if (words[i] !== 0) { i++; continue; }
      let j = i;
      while (j < 8 && words[j] === 0) j++;
      if (j - i > bestLength && j - i >= 2) { bestStart = i; bestLength = j - i; }
      i = j;
    }
    const hex = words.map((w) => w.toString(16));
    if (bestStart < 0) return hex.join(":");
    return hex.slice(0, bestStart).join(":") + "::" + hex.slice(bestStart + bestLength).join(":");
  };

  class IPAddress {
    constructor(bytes) { this.bytes = bytes; this.version = bytes.length === 4 ? 4 : 6; Object.freeze(this); }
    get ipv4_mapped() {
      if (this.version !== 6) return null;
      for (let i = 0; i < 10; i++) if (this.bytes[i] !== 0) return null;
      if (this.bytes[10] !== 255 || this.bytes[11] !== 255) return null;
      return new IPAddress(this.bytes.slice(12));
    }
    in(network) { return ip_network(network).contains(this); }
    toString() { return this.version === 4 ? this.bytes.join(".") : formatV6(this.bytes); }
    toJSON() { return this.toString(); }
  }

  class IPNetwork {
    constructor(address, prefixlen) {
      const bytes = address.bytes.slice();
      for (let bit = prefixlen; bit < bytes.length * 8; bit++) bytes[bit >> 3] &= ~(128 >> (bit & 7));
      this.network_address = new IPAddress(bytes);
      this.prefixlen = prefixlen;
      this.version = address.version;
      Object.freeze(this);
    }
    contains(ip) {
      let address = ip instanceof IPAddress ? ip : ip_address(ip);
      if (address.version !== this.version) address = this.version === 4 ? address.ipv4_mapped : null;
      if (!address) return false;
      const a = address.bytes, n = this.network_address.bytes;
      for (let bit = 0; bit < this.prefixlen; bit++) {
        const mask = 128 >> (bit & 7);
        if ((a[bit >> 3] & mask) !== (n[bit >> 3] & mask)) return false;
      }
      return true;
    }
    toString() { return this.network_address.toString() + "/" + this.prefixlen; }
    toJSON() { return this.toString(); }
  }

  const ip_address = (value) => {
    if (value instanceof IPAddress) return value;
    const text = String(value).trim();
    const bytes = text.includes(":") ? parseV6(text) : parseV4(text);
    if (!bytes) throw valueError("'" + text + "' does not appear to be an IPv4 or IPv6 address");
    return new IPAddress(bytes);
  };
  const ip_network = (value) => {
    if (value instanceof IPNetwork) return value;
    const text = String(value).trim();
    const slash = text.indexOf("/");
    const address = ip_address(slash < 0 ? text : text.slice(0, slash));
    const max = address.version === 4 ? 32 : 128;
    const prefix = slash < 0 ? String(max) : text.slice(slash + 1);
    if (!/^\d{1,3}$/.test(prefix) || Number(prefix) > max) throw valueError("'" + text + "' does not appear to be an IPv4 or IPv6 network");
    return new IPNetwork(address, Number(prefix));
  };
  globalThis.ip_address = ip_address;
  globalThis.ip_network = ip_network;
  globalThis.ip_in_network = (ip, cidr) => {
    const network = ip_network(cidr);
    if (ip === null || ip === undefined || ip === "") return false;
    try { return network.contains(ip); } catch (e) { return false; }
  };
})`;

/** True when the source refers to an IP helper, so SANDBOX_PRELUDE_IP must be installed. */
export function usesIpHelpers(source: string): boolean {
  return /\bip_(address|network|in_network)\b/.test(source);
}
