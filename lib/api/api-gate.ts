import ROUTE_TABLE from "./route-table.json";

/**
 * The gate in front of every /api/v3 request (proxy.ts), so what no route handler can answer is
 * still a JSON answer in authentik's shape: a path that is not valid percent-encoded UTF-8 and a
 * path no route serves are 404s, a method the route does not export is a 405 with `Allow`.
 * Next.js would answer them with a plain-text 500, an HTML page and an empty body.
 */

export type TApiRoute = { path: string; methods: string[]; file: string };

type TCompiled = { route: TApiRoute; segments: (string | null)[] };

const compiled: TCompiled[] = (ROUTE_TABLE as TApiRoute[]).map((route) => ({
  route,
  segments: route.path
    .split("/")
    .filter(Boolean)
    .map((segment) => (segment.startsWith("{") ? null : segment)),
}));

export type TGateRefusal = {
  status: 404 | 405;
  body: { detail: string; code: string };
  headers: Record<string, string>;
};

/** Splits a raw (still percent-encoded) path into decoded segments; null when a segment cannot be decoded. */
function decodeSegments(rawPath: string): string[] | null {
  const segments: string[] = [];
  for (const raw of rawPath.split("/")) {
    if (raw === "") continue;
    try {
      segments.push(decodeURIComponent(raw));
    } catch {
      return null;
    }
  }
  return segments;
}

/** The route serving `segments`: literal segments win over parameters (`users/me/` before `users/{id}/`). */
export function matchRoute(segments: string[]): TApiRoute | null {
  let best: TCompiled | null = null;
  for (const candidate of compiled) {
    if (candidate.segments.length !== segments.length) continue;
    if (!candidate.segments.every((literal, index) => literal === null || literal === segments[index])) continue;
    if (!best || moreSpecific(candidate, best)) best = candidate;
  }
  return best?.route ?? null;
}

function moreSpecific(a: TCompiled, b: TCompiled): boolean {
  for (let index = 0; index < a.segments.length; index++) {
    const aLiteral = a.segments[index] !== null;
    const bLiteral = b.segments[index] !== null;
    if (aLiteral !== bLiteral) return aLiteral;
  }
  return false;
}

export function allowedMethods(route: TApiRoute): string[] {
  const methods = new Set(route.methods);
  if (methods.has("GET")) methods.add("HEAD");
  methods.add("OPTIONS");
  return [...methods].sort();
}

/** Null when the request may go on to its route handler; else the JSON refusal to send. */
export function gateApiRequest(method: string, rawPath: string): TGateRefusal | null {
  const segments = decodeSegments(rawPath);
  if (!segments) return refusal(404, "not_found", "Not found: the path is not valid percent-encoded UTF-8.");
  if (segments.some((segment) => segment.includes("\u0000") || !segment.isWellFormed()))
    return refusal(404, "not_found", "Not found: the path contains characters no object can have.");
  const route = matchRoute(segments);
  if (!route) return refusal(404, "not_found", `Not found: no API endpoint at ${rawPath.slice(0, 200)}.`);
  const allowed = allowedMethods(route);
  if (!allowed.includes(method.toUpperCase())) {
    return refusal(405, "method_not_allowed", `Method "${method.slice(0, 20)}" not allowed.`, {
      allow: allowed.join(", "),
    });
  }
  return null;
}

function refusal(status: 404 | 405, code: string, detail: string, headers: Record<string, string> = {}): TGateRefusal {
  return { status, body: { detail, code }, headers };
}
