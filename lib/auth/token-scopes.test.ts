import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { TApiRoute } from "@/lib/api/api-gate";
import ROUTE_TABLE from "@/lib/api/route-table.json";
import { explicitScopeDecision, requiredScope, TOKEN_SCOPE_RULES, tokenHoldsScope } from "./token-scopes";

describe("the token scope map", () => {
  it("names every method of every route in lib/api/route-table.json", () => {
    const undecided = (ROUTE_TABLE as TApiRoute[]).flatMap((route) =>
      route.methods
        .filter((method) => explicitScopeDecision(method, route.path) === null)
        .map((method) => `${method} ${route.path}`),
    );
    assert.deepEqual(undecided, [], "add these routes to TOKEN_SCOPE_RULES in lib/auth/token-scopes.ts");
  });

  it("gives ingest events:write, the log events:read and the bell notifications", () => {
    const cases: Array<[string, string, string]> = [
      ["POST", "/api/v3/events/events/", "events:write"],
      ["POST", "/api/v3/events/events/bulk/", "events:write"],
      ["GET", "/api/v3/events/events/", "events:read"],
      ["HEAD", "/api/v3/events/events/", "events:read"],
      ["GET", "/api/v3/events/events/2f1c7a9e-2b1e-4c1a-9d51-1a2b3c4d5e6f/", "events:read"],
      ["DELETE", "/api/v3/events/events/2f1c7a9e-2b1e-4c1a-9d51-1a2b3c4d5e6f/", "admin"],
      ["GET", "/api/v3/events/events/volume/", "events:read"],
      ["GET", "/api/v3/events/events/map/", "events:read"],
      ["GET", "/api/v3/events/events/top_per_user/", "events:read"],
      ["GET", "/api/v3/events/notifications/", "notifications"],
      ["PATCH", "/api/v3/events/notifications/2f1c7a9e-2b1e-4c1a-9d51-1a2b3c4d5e6f/", "notifications"],
      ["POST", "/api/v3/events/notifications/mark_all_seen/", "notifications"],
      ["GET", "/api/v3/core/users/me/", "any"],
      ["GET", "/api/v3/core/users/7/", "admin"],
      ["POST", "/api/v3/core/tokens/", "admin"],
      ["GET", "/api/v3/events/rules/", "admin"],
    ];
    for (const [method, path, expected] of cases) {
      assert.equal(requiredScope(method, path).decision, expected, `${method} ${path}`);
    }
  });

  it("denies by default: a path no route serves, or a route no rule names, needs admin", () => {
    assert.equal(requiredScope("GET", "/api/v3/nowhere/").decision, "admin");
    assert.equal(explicitScopeDecision("GET", "/api/v3/some/new/route/"), null);
    assert.equal(requiredScope("GET", "/api/v3/core/users/%ZZ/").decision, "admin");
  });

  it("reports the route pattern, not the request path, so a 403 names the route", () => {
    assert.equal(requiredScope("GET", "/api/v3/core/users/7/").route, "/api/v3/core/users/{id}/");
  });

  it("lets admin hold every scope and each other scope only itself", () => {
    assert.equal(tokenHoldsScope(["admin"], "events:write"), true);
    assert.equal(tokenHoldsScope(["events:write"], "events:write"), true);
    assert.equal(tokenHoldsScope(["events:write"], "events:read"), false);
    assert.equal(tokenHoldsScope(["events:read", "notifications"], "notifications"), true);
    assert.equal(tokenHoldsScope(["notifications"], "admin"), false);
    assert.equal(tokenHoldsScope(["events:write"], "any"), true);
  });

  it("keeps narrower rules before the catch-alls that would shadow them", () => {
    const seen: string[] = [];
    for (const [methods, pattern] of TOKEN_SCOPE_RULES) {
      const shadowedBy = seen.find((earlier) => {
        const [earlierMethods, earlierPattern] = earlier.split(" ");
        return (
          (earlierMethods === "*" || earlierMethods === methods) &&
          earlierPattern.endsWith("/**") &&
          pattern.startsWith(earlierPattern.slice(0, -2))
        );
      });
      assert.equal(shadowedBy, undefined, `${methods} ${pattern} is shadowed by ${shadowedBy}`);
      seen.push(`${methods} ${pattern}`);
    }
  });
});
