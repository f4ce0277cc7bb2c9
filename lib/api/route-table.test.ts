import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { describe, it } from "node:test";
import { pathToFileURL } from "node:url";
// @ts-expect-error: a plain ES module script without type declarations
import { routeTableText } from "../../scripts/generate-route-table.mjs";
import { allowedMethods, gateApiRequest, matchRoute, type TApiRoute } from "./api-gate";
import ROUTE_TABLE from "./route-table.json";

const HTTP_METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE"];

describe("the API route table", () => {
  it("matches the route handlers under app/api/v3 (regenerate with node scripts/generate-route-table.mjs)", () => {
    const committed = fs.readFileSync(path.join(process.cwd(), "lib/api/route-table.json"), "utf8");
    assert.equal(committed, routeTableText());
  });

  it("lists exactly the methods each route module exports", async () => {
    for (const route of ROUTE_TABLE as TApiRoute[]) {
      const mod = (await import(pathToFileURL(path.join(process.cwd(), route.file)).href)) as Record<string, unknown>;
      const exported = HTTP_METHODS.filter((method) => typeof mod[method] === "function");
      assert.deepEqual(route.methods, exported, route.file);
    }
  });
});

describe("the API gate", () => {
  it("lets known paths and methods through, with or without the trailing slash", () => {
    assert.equal(gateApiRequest("GET", "/api/v3/core/tokens/"), null);
    assert.equal(gateApiRequest("GET", "/api/v3/core/tokens"), null);
    assert.equal(gateApiRequest("DELETE", "/api/v3/core/tokens/abc%20def/"), null);
    assert.equal(gateApiRequest("HEAD", "/api/v3/events/events/"), null);
    assert.equal(gateApiRequest("OPTIONS", "/api/v3/events/events/bulk/"), null);
  });

  it("prefers literal segments over parameters", () => {
    assert.equal(matchRoute(["api", "v3", "core", "users", "me"])?.path, "/api/v3/core/users/me/");
    assert.equal(matchRoute(["api", "v3", "core", "users", "7"])?.path, "/api/v3/core/users/{id}/");
  });

  it("answers unknown paths 404 and other methods 405 with Allow", () => {
    assert.equal(gateApiRequest("GET", "/api/v3/nope/")?.status, 404);
    assert.equal(gateApiRequest("GET", "/api/v3/core/users/1/extra/")?.status, 404);
    const refused = gateApiRequest("PUT", "/api/v3/events/events/bulk/");
    assert.equal(refused?.status, 405);
    assert.equal(refused?.body.detail, 'Method "PUT" not allowed.');
    assert.equal(refused?.headers.allow, "OPTIONS, POST");
    assert.deepEqual(allowedMethods({ path: "", file: "", methods: ["GET"] }), ["GET", "HEAD", "OPTIONS"]);
  });

  it("refuses paths that are not valid UTF-8 or carry NUL", () => {
    for (const bad of ["%ED%A0%80", "%C0%AF", "%FF", "%E0%A4%A", "%00"]) {
      const refused = gateApiRequest("GET", `/api/v3/core/tokens/${bad}/`);
      assert.equal(refused?.status, 404, bad);
      assert.equal(refused?.body.code, "not_found");
    }
  });
});
