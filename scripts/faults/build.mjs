// The production build the fault suite runs against: the folder `npm test` just built into
// (HERALD_DIST_DIR, as next.config.mjs reads it, else .next), built here only when it has none.
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");

export function buildDir() {
  return process.env.HERALD_DIST_DIR || ".next";
}

export function hasBuild(distDir = buildDir()) {
  return fs.existsSync(path.join(ROOT, distDir, "BUILD_ID"));
}

/**
 * `next build` with a custom distDir appends `<distDir>/types/**` entries to tsconfig.json's
 * `include`. Undo exactly that (and nothing else) so a build leaves the checkout clean.
 */
export function restoreTsconfig(before, distDir) {
  const file = path.join(ROOT, "tsconfig.json");
  const after = fs.readFileSync(file, "utf8");
  if (after === before || distDir === ".next") return;
  const normalise = (text) => text.split("\n").map((line) => line.replace(/,\s*$/, "").trimEnd());
  const kept = normalise(after).filter((line) => !line.includes(`"${distDir.replace(/^\.\//, "")}/`));
  if (JSON.stringify(kept) === JSON.stringify(normalise(before))) fs.writeFileSync(file, before);
}

/** Builds into buildDir() when it holds no build yet; returns false when the build failed. */
export function ensureBuild() {
  const distDir = buildDir();
  if (hasBuild(distDir)) return true;
  console.log(`No production build in ${distDir}: running \`next build\` first …`);
  const tsconfig = fs.readFileSync(path.join(ROOT, "tsconfig.json"), "utf8");
  const result = spawnSync(process.execPath, [path.join(ROOT, "node_modules/next/dist/bin/next"), "build"], {
    cwd: ROOT,
    stdio: "inherit",
    env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1" },
  });
  restoreTsconfig(tsconfig, distDir);
  return result.status === 0;
}
