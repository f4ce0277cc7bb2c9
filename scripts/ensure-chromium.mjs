// Makes sure the browser the Playwright UI suite launches exists (e2e/playwright.config.ts uses
// Debian's chromium, never a downloaded one). As root with apt-get it installs the package;
// otherwise it stops with the exact command to run. Usable alone: `node scripts/ensure-chromium.mjs`.
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import { pathToFileURL } from "node:url";

export const DEFAULT_CHROMIUM_PATH = "/usr/bin/chromium";
const INSTALL_COMMAND = "apt-get update && apt-get install -y chromium";

function isExecutable(file) {
  try {
    fs.accessSync(file, fs.constants.X_OK);
    return fs.statSync(file).isFile();
  } catch {
    return false;
  }
}

function hasCommand(name) {
  return spawnSync("sh", ["-c", `command -v ${name}`], { stdio: "ignore" }).status === 0;
}

function version(file) {
  const result = spawnSync(file, ["--version"], { encoding: "utf8", timeout: 30_000 });
  return result.status === 0 ? result.stdout.trim() : "version unknown";
}

/** Returns the browser path, installing Debian's chromium when allowed; throws with the fix otherwise. */
export function ensureChromium({ log = console.log } = {}) {
  const custom = process.env.CHROMIUM_PATH;
  const file = custom || DEFAULT_CHROMIUM_PATH;
  if (isExecutable(file)) {
    log(`Chromium: ${file} (${version(file)})`);
    return file;
  }
  if (custom) {
    // Installing the Debian package would not put a browser at a custom path.
    throw new Error(
      `CHROMIUM_PATH=${custom} does not exist or is not executable. Fix the path or unset CHROMIUM_PATH.`,
    );
  }
  const isRoot = typeof process.getuid === "function" && process.getuid() === 0;
  if (!isRoot || !hasCommand("apt-get")) {
    const command = isRoot ? INSTALL_COMMAND : `sudo sh -c '${INSTALL_COMMAND}'`;
    throw new Error(`Chromium is missing at ${file}. Install it with:\n  ${command}`);
  }
  log(`Chromium is missing at ${file}; installing Debian's chromium package (${INSTALL_COMMAND})`);
  const env = { ...process.env, DEBIAN_FRONTEND: "noninteractive" };
  for (const args of [["update"], ["install", "-y", "chromium"]]) {
    const result = spawnSync("apt-get", args, { stdio: "inherit", env });
    if (result.status !== 0) {
      throw new Error(`"apt-get ${args.join(" ")}" failed (exit ${result.status ?? result.signal}).`);
    }
  }
  if (!isExecutable(file)) throw new Error(`The chromium package is installed but ${file} is still missing.`);
  log(`Chromium: ${file} (${version(file)})`);
  return file;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  try {
    ensureChromium();
  } catch (error) {
    console.error(error.message);
    process.exit(1);
  }
}
