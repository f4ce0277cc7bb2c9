import type { TTokenScope } from "@/db/schema";
import { matchRoute } from "@/lib/api/api-gate";

/** What a token needs for a route: one scope, or `any` for routes every token may call (who am I). */
export type TScopeDecision = TTokenScope | "any";

/**
 * The one map from /api/v3 route (method + path pattern of lib/api/route-table.json) to the scope a
 * token must carry. First match wins; `*` matches every method; a pattern ending in `**` covers
 * every route below it. A route no rule names needs `admin` (deny by default); a unit test keeps
 * every route of the table named here, so a new route gets a decision on purpose.
 */
export const TOKEN_SCOPE_RULES: ReadonlyArray<readonly [methods: string, pattern: string, decision: TScopeDecision]> = [
  ["GET", "/api/v3/core/users/me/", "any"],
  ["GET", "/api/v3/schema/", "any"],
  ["*", "/api/v3/core/**", "admin"],
  // Ingest.
  ["POST", "/api/v3/events/events/", "events:write"],
  ["POST", "/api/v3/events/events/bulk/", "events:write"],
  ["POST", "/api/v3/events/events/import/", "events:write"],
  // Reading the log (an export is a read of the log, however it is delivered).
  ["GET", "/api/v3/events/events/", "events:read"],
  ["GET", "/api/v3/events/events/{event_uuid}/", "events:read"],
  ["GET", "/api/v3/events/events/actions/", "events:read"],
  ["GET", "/api/v3/events/events/volume/", "events:read"],
  ["GET", "/api/v3/events/events/map/", "events:read"],
  ["GET", "/api/v3/events/events/top_per_user/", "events:read"],
  ["GET", "/api/v3/events/events/stats/", "events:read"],
  ["POST", "/api/v3/events/events/export/", "events:read"],
  ["*", "/api/v3/reports/exports/**", "events:read"],
  // Named searches of the log, each user's own.
  ["*", "/api/v3/herald/saved_searches/**", "events:read"],
  // The audit log is append-only: editing it is nobody's scope.
  ["*", "/api/v3/events/events/**", "admin"],
  // The owner's own bell: notifications, their stream and preferences.
  ["*", "/api/v3/events/notifications/**", "notifications"],
  ["*", "/api/v3/events/deliveries/**", "admin"],
  ["*", "/api/v3/events/rules/**", "admin"],
  ["*", "/api/v3/events/transports/**", "admin"],
  ["*", "/api/v3/herald/sessions/**", "admin"],
  ["*", "/api/v3/policies/**", "admin"],
  ["*", "/api/v3/propertymappings/**", "admin"],
];

/**
 * Scopes that are a right of their own for a service account: an administrator who gives a service
 * account an ingest or read token means it to ingest or read without being a superuser. For every
 * other owner a scope only narrows what the owner may do anyway.
 */
export const SERVICE_ACCOUNT_GRANTED_SCOPES: ReadonlySet<TTokenScope> = new Set(["events:write", "events:read"]);

function patternCovers(pattern: string, routePath: string): boolean {
  if (pattern.endsWith("/**")) return routePath.startsWith(pattern.slice(0, -2));
  return pattern === routePath;
}

/** The explicit decision for a route pattern of the route table, or null when no rule names it. */
export function explicitScopeDecision(method: string, routePath: string): TScopeDecision | null {
  const upper = method.toUpperCase() === "HEAD" ? "GET" : method.toUpperCase();
  for (const [methods, pattern, decision] of TOKEN_SCOPE_RULES) {
    if ((methods === "*" || methods.split(",").includes(upper)) && patternCovers(pattern, routePath)) return decision;
  }
  return null;
}

/** The route pattern serving a request path (`/api/v3/core/users/7/` → `/api/v3/core/users/{id}/`). */
function routePatternOf(pathname: string): string | null {
  const segments: string[] = [];
  for (const raw of pathname.split("/")) {
    if (raw === "") continue;
    try {
      segments.push(decodeURIComponent(raw));
    } catch {
      return null;
    }
  }
  return matchRoute(segments)?.path ?? null;
}

/** What a token needs to call `method pathname`; `admin` for anything the map does not name. */
export function requiredScope(method: string, pathname: string): { decision: TScopeDecision; route: string } {
  const route = routePatternOf(pathname);
  return { decision: (route && explicitScopeDecision(method, route)) || "admin", route: route ?? pathname };
}

/** `admin` holds every scope: it is the owner's full rights. */
export function tokenHoldsScope(scopes: readonly TTokenScope[], decision: TScopeDecision): boolean {
  return decision === "any" || scopes.includes("admin") || scopes.includes(decision);
}
