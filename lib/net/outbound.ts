import { createHash } from "node:crypto";
import dns from "node:dns";
import http from "node:http";
import https from "node:https";
import type { LookupFunction } from "node:net";
import ipaddr from "ipaddr.js";
import { isPublicUnicast } from "./ip-ranges";

/**
 * Outbound HTTP for webhooks, guarded against SSRF: the target host is resolved once, every
 * address is checked (public unicast, or inside an explicitly allowed network), and the
 * connection is pinned to the checked address so a DNS answer cannot change between check and
 * connect. No redirects are followed; a timeout bounds the whole exchange; an optional PEM bundle
 * replaces the system CAs.
 */

export type TAllowedNetworks = [ipaddr.IPv4 | ipaddr.IPv6, number][];

/** Parses a comma/space-separated CIDR list; throws naming the bad entry. */
export function parseNetworks(list: string): TAllowedNetworks {
  return list
    .split(/[\s,]+/)
    .filter(Boolean)
    .map((cidr) => {
      try {
        return cidr.includes("/")
          ? ipaddr.parseCIDR(cidr)
          : ([ipaddr.parse(cidr), ipaddr.parse(cidr).kind() === "ipv4" ? 32 : 128] as [
              ipaddr.IPv4 | ipaddr.IPv6,
              number,
            ]);
      } catch {
        throw new Error(`"${cidr}" is not a valid IP network (CIDR).`);
      }
    });
}

function normalized(ip: string): ipaddr.IPv4 | ipaddr.IPv6 {
  const parsed = ipaddr.parse(ip);
  return parsed.kind() === "ipv6" && (parsed as ipaddr.IPv6).isIPv4MappedAddress()
    ? (parsed as ipaddr.IPv6).toIPv4Address()
    : parsed;
}

export function isAddressAllowed(ip: string, allowed: TAllowedNetworks): boolean {
  if (isPublicUnicast(ip)) return true;
  const address = normalized(ip);
  return allowed.some(([network, bits]) => network.kind() === address.kind() && address.match(network, bits));
}

export class OutboundRefused extends Error {}

export type TPostOptions = {
  url: string;
  body: string;
  headers: Record<string, string>;
  timeoutMs: number;
  allowedNetworks: TAllowedNetworks;
  caPem?: string | null;
  /** Bytes of the response body kept (the rest is read and dropped). */
  maxResponseBytes?: number;
};

export type TPostResult = { status: number; body: string; durationMs: number };

async function resolveChecked(
  hostname: string,
  allowed: TAllowedNetworks,
): Promise<{ address: string; family: number }> {
  const bare = hostname.replace(/^\[|\]$/g, "");
  const addresses = ipaddr.isValid(bare)
    ? [{ address: bare, family: ipaddr.parse(bare).kind() === "ipv4" ? 4 : 6 }]
    : await dns.promises.lookup(bare, { all: true, verbatim: true });
  if (addresses.length === 0) throw new OutboundRefused(`Could not resolve ${hostname}.`);
  const refused = addresses.find((entry) => !isAddressAllowed(entry.address, allowed));
  if (refused) {
    throw new OutboundRefused(
      `Refusing to send to ${hostname} (${refused.address}): private, loopback and link-local targets must be allowed in HERALD_WEBHOOK_ALLOW_NETWORKS or the webhook networks setting.`,
    );
  }
  return addresses[0];
}

/**
 * Keep-alive agents, one per (scheme, checked address, port, CA bundle): a connection is only ever
 * reused for the address that passed the check, and a new TLS trust root gets its own sockets.
 * Idle sockets close after 4 s, below Node's and most servers' 5 s keep-alive, so a reused socket
 * is rarely one the server is closing; when it is, the request is retried once on a new socket.
 */
const MAX_AGENTS = 256;
const agents = new Map<string, http.Agent>();

function agentFor(protocol: string, address: string, port: string, caPem: string | null | undefined): http.Agent {
  const ca = caPem ? createHash("sha256").update(caPem).digest("hex") : "";
  const key = `${protocol}|${address}|${port}|${ca}`;
  let agent = agents.get(key);
  if (agent) {
    // Most recently used last, so the oldest entry is evicted first.
    agents.delete(key);
    agents.set(key, agent);
    return agent;
  }
  // No cap on sockets in use: transports that share a host (every Slack webhook, two paths of one
  // receiver) share this agent, and a cap would let one hanging transport queue the others' requests
  // behind its own. The send limiter (lib/dispatch/send-limiter) bounds requests in flight, per
  // transport and in total.
  const options = {
    keepAlive: true,
    keepAliveMsecs: 1000,
    maxSockets: Infinity,
    maxFreeSockets: 64,
    timeout: 4000,
    scheduling: "lifo" as const,
  };
  agent =
    protocol === "https:" ? new https.Agent({ ...options, ...(caPem ? { ca: caPem } : {}) }) : new http.Agent(options);
  agents.set(key, agent);
  if (agents.size > MAX_AGENTS) {
    const [oldestKey, oldest] = agents.entries().next().value as [string, http.Agent];
    agents.delete(oldestKey);
    oldest.destroy();
  }
  return agent;
}

/** Closes every pooled connection (tests, shutdown). */
export function closeOutboundConnections(): void {
  for (const agent of agents.values()) agent.destroy();
  agents.clear();
}

/** POSTs once; resolves with any HTTP status (the caller classifies it), rejects on refusal, network error or timeout. */
export async function guardedPost(options: TPostOptions): Promise<TPostResult> {
  let target: URL;
  try {
    target = new URL(options.url);
  } catch {
    throw new OutboundRefused(`"${options.url}" is not a valid URL.`);
  }
  if (target.protocol !== "http:" && target.protocol !== "https:")
    throw new OutboundRefused(`Only http and https URLs are allowed, not ${target.protocol}`);
  const started = performance.now();
  const pinned = await resolveChecked(target.hostname, options.allowedNetworks);
  const lookup: LookupFunction = (_hostname, lookupOptions, callback) => {
    if ((lookupOptions as { all?: boolean }).all)
      (callback as unknown as (e: null, a: { address: string; family: number }[]) => void)(null, [pinned]);
    else callback(null, pinned.address, pinned.family);
  };
  const maxBytes = options.maxResponseBytes ?? 64 * 1024;
  const transport = target.protocol === "https:" ? https : http;
  const agent = agentFor(
    target.protocol,
    pinned.address,
    target.port,
    target.protocol === "https:" ? options.caPem : null,
  );
  const attempt = (retryOnStaleSocket: boolean): Promise<TPostResult> =>
    new Promise<TPostResult>((resolve, reject) => {
      let reused = false;
      const request = transport.request(
        target,
        {
          method: "POST",
          headers: {
            "content-type": "application/json",
            "user-agent": "Herald-Webhooks/1.0",
            ...options.headers,
            "content-length": Buffer.byteLength(options.body),
          },
          lookup,
          ...(target.protocol === "https:" && options.caPem ? { ca: options.caPem } : {}),
          agent,
        },
        (response) => {
          const chunks: Buffer[] = [];
          let kept = 0;
          response.on("data", (chunk: Buffer) => {
            if (kept < maxBytes) {
              chunks.push(chunk.subarray(0, maxBytes - kept));
              kept += Math.min(chunk.length, maxBytes - kept);
            }
          });
          response.on("end", () =>
            resolve({
              status: response.statusCode ?? 0,
              body: Buffer.concat(chunks).toString("utf8"),
              durationMs: Math.round(performance.now() - started),
            }),
          );
          response.on("error", reject);
        },
      );
      // A hard deadline for the whole exchange (connect, send, wait, read), not just socket idleness.
      const deadline = setTimeout(
        () => request.destroy(new Error(`Timed out after ${options.timeoutMs / 1000} s.`)),
        options.timeoutMs,
      );
      request.on("socket", () => {
        reused = request.reusedSocket;
      });
      request.on("close", () => clearTimeout(deadline));
      request.on("error", (error) => {
        clearTimeout(deadline);
        // The server closed an idle keep-alive socket just as it was reused: nothing was processed.
        const stale =
          reused && retryOnStaleSocket && ["ECONNRESET", "EPIPE"].includes((error as NodeJS.ErrnoException).code ?? "");
        if (stale) attempt(false).then(resolve, reject);
        else reject(error);
      });
      request.end(options.body);
    });
  return attempt(true);
}
