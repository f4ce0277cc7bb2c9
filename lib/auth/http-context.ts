import "server-only";
import { env } from "@/lib/env";
import { maskSecrets } from "@/lib/events/mask-secrets";
import { isTrustedPeer, PEER_HEADER, parseCidrList, resolveClientIp } from "@/lib/net/client-ip";
import { publicOrigin } from "./public-origin";
import type { THttpRequestContext } from "./sign-in";

let trustedCache: { text: string; cidrs: ReturnType<typeof parseCidrList> } | undefined;

function trustedProxies() {
  const text = env().HERALD_TRUSTED_PROXIES;
  if (trustedCache?.text !== text) trustedCache = { text, cidrs: parseCidrList(text) };
  return trustedCache.cidrs;
}

export function clientIpFromHeaders(headers: Headers): string | null {
  return resolveClientIp(headers.get(PEER_HEADER), headers.get("x-forwarded-for"), trustedProxies());
}

/** Herald's own origin as this request's client sees it (HERALD_PUBLIC_URL, Host, or a trusted proxy's word). */
export function publicOriginFromHeaders(headers: Headers): string | null {
  return publicOrigin(headers, {
    configuredUrl: env().HERALD_PUBLIC_URL,
    viaTrustedProxy: isTrustedPeer(headers.get(PEER_HEADER), trustedProxies()),
  });
}

/** authentik's `context.http_request`: path, method, masked query args, user agent. */
export function httpRequestContext(url: string, method: string, headers: Headers): THttpRequestContext {
  const parsed = new URL(url, "http://localhost");
  const args: Record<string, string | string[]> = {};
  for (const key of new Set(parsed.searchParams.keys())) {
    const values = parsed.searchParams.getAll(key);
    args[key] = values.length === 1 ? values[0] : values;
  }
  return {
    path: parsed.pathname,
    method: method.toUpperCase(),
    args: maskSecrets(args) as Record<string, unknown>,
    user_agent: headers.get("user-agent") ?? "",
  };
}
