// Writes lib/api/route-table.json: every /api/v3 route handler with the methods it exports, read
// from app/api/v3/**/route.ts. The API gate (unknown paths → 404, other methods → 405, both JSON)
// and the hostile-input and access suites read it; lib/api/route-table.test.ts fails when it is stale.
//
//   node scripts/generate-route-table.mjs          rewrite the table
//   node scripts/generate-route-table.mjs --check  exit 1 when the table differs from the sources
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const API_DIR = path.join(ROOT, "app", "api", "v3");
const TABLE_FILE = path.join(ROOT, "lib", "api", "route-table.json");
const METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE"];

/** Exported HTTP methods of a route module: `export const GET`, `export async function GET`, `export { x as GET }`. */
export function exportedMethods(source) {
  const found = new Set();
  for (const match of source.matchAll(/export\s+(?:const|let|async\s+function|function)\s+([A-Z]+)\b/g))
    found.add(match[1]);
  for (const match of source.matchAll(/export\s+const\s*\{([^}]*)\}/g))
    for (const name of match[1].split(",")) found.add(name.split(":").pop().trim());
  for (const match of source.matchAll(/export\s*\{([^}]*)\}/g))
    for (const name of match[1].split(","))
      found.add(
        name
          .split(/\s+as\s+/)
          .pop()
          .trim(),
      );
  return METHODS.filter((method) => found.has(method));
}

export function buildRouteTable(apiDir = API_DIR) {
  const routes = [];
  const walk = (dir, segments) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) {
        if (entry.name.startsWith("[...")) continue; // the catch-all answers every path nothing else does
        walk(full, [...segments, entry.name.replace(/^\[(.+)\]$/, "{$1}")]);
      } else if (entry.name === "route.ts") {
        routes.push({
          path: `/api/v3/${segments.map((segment) => `${segment}/`).join("")}`,
          methods: exportedMethods(fs.readFileSync(full, "utf8")),
          file: path.relative(ROOT, full),
        });
      }
    }
  };
  walk(apiDir, []);
  return routes;
}

export function routeTableText(routes = buildRouteTable()) {
  return `${JSON.stringify(routes, null, 2)}\n`;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const text = routeTableText();
  if (process.argv.includes("--check")) {
    const current = fs.existsSync(TABLE_FILE) ? fs.readFileSync(TABLE_FILE, "utf8") : "";
    if (current !== text) {
      console.error("lib/api/route-table.json is stale: run `node scripts/generate-route-table.mjs`.");
      process.exit(1);
    }
  } else {
    fs.writeFileSync(TABLE_FILE, text);
    console.log(`lib/api/route-table.json: ${JSON.parse(text).length} routes`);
  }
}
