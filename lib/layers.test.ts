import assert from "node:assert/strict";
import path from "node:path";
import { describe, it } from "node:test";
import { findCycles, libUnitOf, listSourceFiles, readImports, type TImport } from "@/lib/testing/import-graph";

/**
 * lib/ in layers, lowest first (the README's Layout section draws the same picture). A unit may
 * import units of its own layer or of a lower one, never of a higher one, and no two units may
 * import each other, directly or round about. A new lib folder must be placed here.
 */
const LAYERS: Array<{ name: string; units: string[] }> = [
  {
    name: "foundation",
    units: [
      "lib/errors.ts",
      "lib/env.ts",
      "lib/logger.ts",
      "lib/actor.ts",
      "lib/api",
      "lib/net",
      "lib/credentials",
      "lib/sandbox",
      "lib/jobs",
    ],
  },
  { name: "event log", units: ["lib/akql", "lib/events"] },
  {
    name: "domains",
    units: [
      "lib/users",
      "lib/groups",
      "lib/tokens",
      "lib/settings",
      "lib/policies",
      "lib/rules",
      "lib/mappings",
      "lib/notifications",
      "lib/preferences",
      "lib/transports",
      "lib/deliveries",
      "lib/geoip",
      "lib/dashboard",
      "lib/defaults",
      "lib/demo",
      "lib/housekeeping",
      "lib/exports",
    ],
  },
  { name: "auth", units: ["lib/auth"] },
  { name: "dispatch", units: ["lib/dispatch"] },
  { name: "composition", units: ["lib/server-actions", "lib/startup", "lib/openapi"] },
];

/** The adapter that binds sessions to Next.js: the only lib files that may import next or next-auth. */
const NEXT_ADAPTER = new Set(["lib/auth/current.ts", "lib/auth/next-auth.ts", "lib/auth/page-guards.ts"]);

/** Tests and their helpers assemble real parts from every layer, so the layering does not bind them. */
const isTestSupport = (file: string) => /\.test\.tsx?$/.test(file) || file.startsWith("lib/testing/");

const isNextPackage = (target: string) => /^pkg:next($|\/)/.test(target) || /^pkg:next-auth($|\/)/.test(target);

function layerViolations(imports: TImport[], layers: typeof LAYERS): string[] {
  const rank = new Map(layers.flatMap((layer, index) => layer.units.map((unit) => [unit, index] as const)));
  const problems: string[] = [];
  for (const { from, to } of imports) {
    const source = libUnitOf(from);
    const target = libUnitOf(to);
    if (!source || !target || source === target) continue;
    const sourceRank = rank.get(source);
    const targetRank = rank.get(target);
    if (sourceRank === undefined || targetRank === undefined) continue;
    if (targetRank > sourceRank)
      problems.push(`${from} (${layers[sourceRank].name}) imports ${to} (${layers[targetRank].name})`);
  }
  return problems;
}

function unitEdges(imports: TImport[]): Array<[string, string]> {
  const edges = new Map<string, [string, string]>();
  for (const { from, to } of imports) {
    const source = libUnitOf(from);
    const target = libUnitOf(to);
    if (source && target && source !== target) edges.set(`${source} ${target}`, [source, target]);
  }
  return [...edges.values()];
}

const ROOT = path.resolve(import.meta.dirname, "..");
const allFiles = listSourceFiles(ROOT, ["app", "components", "db", "lib"]);
const productionImports = readImports(
  ROOT,
  allFiles.filter((file) => !isTestSupport(file)),
);

describe("the layering of lib/", () => {
  it("places every lib folder and top-level lib file in exactly one layer", () => {
    const placed = LAYERS.flatMap((layer) => layer.units);
    assert.equal(new Set(placed).size, placed.length, "a unit is listed in two layers");
    const units = new Set(
      allFiles
        .filter((file) => !isTestSupport(file))
        .map(libUnitOf)
        .filter((unit): unit is string => unit !== null),
    );
    const unplaced = [...units].filter((unit) => !placed.includes(unit));
    assert.deepEqual(unplaced, [], "place these in LAYERS");
  });

  it("has no import from a lower layer into a higher one", () => {
    assert.deepEqual(layerViolations(productionImports, LAYERS), []);
  });

  it("has no import cycle between lib folders", () => {
    assert.deepEqual(findCycles(unitEdges(productionImports)), []);
  });

  it("keeps db/ below lib/: the database layer may use only lib's top-level files", () => {
    const upward = productionImports.filter(
      ({ from, to }) => from.startsWith("db/") && to.startsWith("lib/") && to.split("/").length > 2,
    );
    assert.deepEqual(upward, []);
  });

  it("never imports app/ from components/ or lib/, nor components/ from lib/", () => {
    const wrong = productionImports.filter(
      ({ from, to }) =>
        (from.startsWith("components/") && to.startsWith("app/")) ||
        (from.startsWith("lib/") && (to.startsWith("app/") || to.startsWith("components/"))),
    );
    assert.deepEqual(wrong, []);
  });

  it("imports next and next-auth in lib only from the auth adapter", () => {
    const wrong = productionImports.filter(
      ({ from, to }) => from.startsWith("lib/") && isNextPackage(to) && !NEXT_ADAPTER.has(from),
    );
    assert.deepEqual(wrong, []);
  });
});

describe("the layering checks themselves", () => {
  it("report an import that climbs a layer", () => {
    const imports = [
      { from: "lib/events/create-event.ts", to: "lib/users/queries.ts" },
      { from: "lib/users/queries.ts", to: "lib/events/audit.ts" },
    ];
    assert.deepEqual(layerViolations(imports, LAYERS), [
      "lib/events/create-event.ts (event log) imports lib/users/queries.ts (domains)",
    ]);
  });

  it("report a cycle between folders of one layer, however long", () => {
    const imports = [
      { from: "lib/users/a.ts", to: "lib/groups/b.ts" },
      { from: "lib/groups/b.ts", to: "lib/tokens/c.ts" },
      { from: "lib/tokens/c.ts", to: "lib/users/d.ts" },
      { from: "lib/rules/e.ts", to: "lib/users/a.ts" },
    ];
    assert.deepEqual(findCycles(unitEdges(imports)), [["lib/groups", "lib/tokens", "lib/users"]]);
  });

  it("read type-only imports, re-exports and dynamic imports", () => {
    const found = readImports(ROOT, ["lib/testing/import-graph.ts", "lib/layers.test.ts"]);
    assert.ok(found.some(({ from, to }) => from === "lib/layers.test.ts" && to === "lib/testing/import-graph.ts"));
    assert.ok(found.some(({ to }) => to === "pkg:typescript"));
  });
});
