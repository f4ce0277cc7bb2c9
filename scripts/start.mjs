// `npm start`: build when the build is missing or older than the sources, then serve.
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";

process.env.NEXT_TELEMETRY_DISABLED ??= "1";
const root = process.cwd();
const buildId = path.join(root, ".next", "BUILD_ID");

function newestSourceMtime(dir) {
  let newest = 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === "node_modules" || entry.name.startsWith(".")) continue;
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, newestSourceMtime(full));
    else newest = Math.max(newest, fs.statSync(full).mtimeMs);
  }
  return newest;
}

const sources = ["app", "components", "lib", "db"].map((d) => path.join(root, d)).filter(fs.existsSync);
const sourceTime = Math.max(...sources.map(newestSourceMtime), fs.statSync(path.join(root, "package.json")).mtimeMs);
const stale = !fs.existsSync(buildId) || fs.statSync(buildId).mtimeMs < sourceTime;
if (stale) {
  console.log("Building Herald (first start or sources changed)…");
  const result = spawnSync(process.execPath, [path.join(root, "node_modules/next/dist/bin/next"), "build"], {
    stdio: "inherit",
    env: process.env,
  });
  if (result.status !== 0) process.exit(result.status ?? 1);
}
await import("./server.mjs");
