// `npm test`: the whole pipeline, the same on a developer machine and in CI (.ci/run).
//   1. Chromium for the UI suite (scripts/ensure-chromium.mjs; installs Debian's package as root)
//   2. lint and format check (`biome check`, as `npm run lint`), then unit + integration suites (scripts/run-unit-tests.mjs; PGlite, plus PostgreSQL with DATABASE_URL)
//   3. `next build` (into HERALD_DIST_DIR when set)
//   4. Playwright: api-pglite, api-postgres (with DATABASE_URL), hostile (hostile-input and access suites) and ui projects
//   5. fault suite (scripts/run-fault-tests.mjs, with DATABASE_URL): database restart, crashes,
//      receivers that go away, several instances, against the same build
// and ends with one line `N passed, M failed` (node tests + Playwright tests). A step that fails
// without test results (a build error, a runner crash) counts as one failure, so a broken run
// never reports "0 failed".
//
//   npm test                     everything
//   npm test -- --unit-only      step 2 only
//   npm test -- --e2e-only       steps 1, 3, 4, 5
//   npm test -- --e2e-only --no-build   reuse the existing build
import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { ensureChromium } from "./ensure-chromium.mjs";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const FLAGS = new Set(["--unit-only", "--e2e-only", "--no-build"]);
/** Playwright stops (and still reports) after this long, so CI gets a summary instead of a kill. */
const PLAYWRIGHT_GLOBAL_TIMEOUT_MS = 45 * 60 * 1000;

const argv = process.argv.slice(2);
const unknown = argv.filter((arg) => !FLAGS.has(arg));
if (unknown.length || (argv.includes("--unit-only") && argv.includes("--e2e-only"))) {
  console.error(
    `Usage: npm test [-- --unit-only | --e2e-only [--no-build]]${unknown.length ? ` (unknown: ${unknown.join(" ")})` : ""}`,
  );
  process.exit(2);
}
const runUnit = !argv.includes("--e2e-only");
const runE2e = !argv.includes("--unit-only");
const runBuild = runE2e && !argv.includes("--no-build");

process.env.NEXT_TELEMETRY_DISABLED = "1";
const workDir = fs.mkdtempSync(path.join(os.tmpdir(), "herald-test-"));
/** @type {{name: string, ok: boolean, passed: number, failed: number, note?: string}[]} */
const results = [];

function header(title) {
  console.log(`\n${"=".repeat(72)}\n== ${title}\n${"=".repeat(72)}`);
}

function run(command, args, env = {}) {
  return new Promise((resolve) => {
    const child = spawn(command, args, { cwd: ROOT, env: { ...process.env, ...env }, stdio: "inherit" });
    const forward = (signal) => child.kill(signal);
    process.on("SIGINT", forward);
    process.on("SIGTERM", forward);
    child.on("error", (error) => {
      console.error(`Could not start ${command}: ${error.message}`);
      resolve(1);
    });
    child.on("exit", (code, signal) => {
      process.off("SIGINT", forward);
      process.off("SIGTERM", forward);
      resolve(code ?? (signal ? 1 : 0));
    });
  });
}

function readJsonFile(file) {
  try {
    return JSON.parse(fs.readFileSync(file, "utf8"));
  } catch {
    return null;
  }
}

/** `npm run lint`: Biome's linter, formatter and import order over the tree, without writing. A failure counts once. */
async function stepLint(index, total) {
  header(`[${index}/${total}] Lint and format check (biome check)`);
  const started = Date.now();
  const code = await run(process.execPath, [
    path.join(ROOT, "node_modules/@biomejs/biome/bin/biome"),
    "check",
    "--reporter=summary",
    ".",
  ]);
  results.push({ name: "lint", ok: code === 0, passed: 0, failed: code === 0 ? 0 : 1, note: seconds(started) });
}

async function stepUnit(index, total) {
  header(`[${index}/${total}] Unit and integration tests (node --test)`);
  const summaryFile = path.join(workDir, "unit.json");
  const started = Date.now();
  const code = await run(process.execPath, [path.join(ROOT, "scripts/run-unit-tests.mjs")], {
    HERALD_TEST_SUMMARY_FILE: summaryFile,
  });
  const summary = readJsonFile(summaryFile) ?? { passed: 0, failed: 0 };
  const failed = code !== 0 && summary.failed === 0 ? 1 : summary.failed;
  results.push({ name: "unit", ok: code === 0, passed: summary.passed, failed, note: seconds(started) });
}

/**
 * `next build` with a custom distDir appends `<distDir>/types/**` entries to tsconfig.json's
 * `include`. Undo exactly that (and nothing else) so test runs leave the checkout clean.
 */
function restoreTsconfig(before, distDir) {
  const file = path.join(ROOT, "tsconfig.json");
  const after = fs.readFileSync(file, "utf8");
  if (after === before || distDir === ".next") return;
  const normalise = (text) => text.split("\n").map((line) => line.replace(/,\s*$/, "").trimEnd());
  const kept = normalise(after).filter((line) => !line.includes(`"${distDir.replace(/^\.\//, "")}/`));
  if (JSON.stringify(kept) === JSON.stringify(normalise(before))) {
    fs.writeFileSync(file, before);
    console.log(`Restored tsconfig.json (next build had added ${distDir}/ type paths).`);
  }
}

async function stepBuild(index, total) {
  const distDir = process.env.HERALD_DIST_DIR || ".next";
  header(`[${index}/${total}] next build (into ${distDir})`);
  const started = Date.now();
  const tsconfig = fs.readFileSync(path.join(ROOT, "tsconfig.json"), "utf8");
  const code = await run(process.execPath, [path.join(ROOT, "node_modules/next/dist/bin/next"), "build"]);
  restoreTsconfig(tsconfig, distDir);
  results.push({ name: "build", ok: code === 0, passed: 0, failed: code === 0 ? 0 : 1, note: seconds(started) });
  return code === 0;
}

async function stepPlaywright(index, total) {
  header(
    `[${index}/${total}] Playwright (${process.env.DATABASE_URL ? "api-pglite, api-postgres, hostile, ui" : "api-pglite, hostile, ui; DATABASE_URL not set"})`,
  );
  const jsonFile = path.join(workDir, "playwright.json");
  const started = Date.now();
  const code = await run(
    process.execPath,
    [
      path.join(ROOT, "node_modules/@playwright/test/cli.js"),
      "test",
      "-c",
      "e2e/playwright.config.ts",
      "--reporter=list,json,html",
      `--global-timeout=${PLAYWRIGHT_GLOBAL_TIMEOUT_MS}`,
    ],
    {
      PLAYWRIGHT_JSON_OUTPUT_FILE: jsonFile,
      PLAYWRIGHT_HTML_OUTPUT_DIR: path.join(ROOT, "e2e/.artifacts/report"),
      PLAYWRIGHT_HTML_OPEN: "never",
    },
  );
  const report = readJsonFile(jsonFile);
  const stats = report?.stats ?? {};
  // Flaky = failed once, passed on retry (CI retries once); it counts as passed, and is listed.
  const passed = (stats.expected ?? 0) + (stats.flaky ?? 0);
  let failed = stats.unexpected ?? 0;
  if (code !== 0 && failed === 0) failed = 1; // e.g. a web server that never became ready
  const notes = [seconds(started)];
  if (stats.flaky) notes.push(`${stats.flaky} flaky`);
  if (stats.skipped) notes.push(`${stats.skipped} skipped`);
  for (const error of report?.errors ?? []) console.error(`Playwright: ${error.message?.split("\n")[0] ?? error}`);
  results.push({ name: "playwright", ok: code === 0, passed, failed, note: notes.join(", ") });
}

/** `npm run test:faults` on the build of step 3; needs PostgreSQL (CI has it), so only with DATABASE_URL. */
async function stepFaults(index, total) {
  header(`[${index}/${total}] Fault suite (scripts/faults, on the build in ${process.env.HERALD_DIST_DIR || ".next"})`);
  const summaryFile = path.join(workDir, "faults.json");
  const started = Date.now();
  const code = await run(process.execPath, [path.join(ROOT, "scripts/run-fault-tests.mjs")], {
    HERALD_TEST_SUMMARY_FILE: summaryFile,
  });
  const summary = readJsonFile(summaryFile) ?? { passed: 0, failed: 0 };
  const failed = code !== 0 && summary.failed === 0 ? 1 : summary.failed;
  results.push({ name: "faults", ok: code === 0, passed: summary.passed, failed, note: seconds(started) });
}

function seconds(started) {
  return `${Math.round((Date.now() - started) / 1000)} s`;
}

const runFaults = runE2e && Boolean(process.env.DATABASE_URL);
const total = (runE2e ? 3 : 0) + (runUnit ? 2 : 0) - (runE2e && !runBuild ? 1 : 0) + (runFaults ? 1 : 0);
let index = 0;
try {
  if (runE2e) {
    header(`[${++index}/${total}] Chromium`);
    try {
      ensureChromium();
    } catch (error) {
      console.error(error.message);
      fs.rmSync(workDir, { recursive: true, force: true });
      process.exit(1);
    }
  }
  if (runUnit) {
    await stepLint(++index, total);
    await stepUnit(++index, total);
  }
  if (runE2e) {
    const built = runBuild ? await stepBuild(++index, total) : true;
    if (built) await stepPlaywright(++index, total);
    else console.error("\nSkipping Playwright: the build failed.");
    if (built && runFaults) await stepFaults(++index, total);
    else if (runFaults) console.error("Skipping the fault suite: the build failed.");
  }
} finally {
  fs.rmSync(workDir, { recursive: true, force: true });
}

header("Summary");
for (const result of results) {
  const counts =
    result.name === "build" || result.name === "lint" ? "" : ` ${result.passed} passed, ${result.failed} failed;`;
  console.log(`${result.ok ? "ok  " : "FAIL"} ${result.name}:${counts} ${result.note ?? ""}`);
}
const passed = results.reduce((sum, result) => sum + result.passed, 0);
const failed = results.reduce((sum, result) => sum + result.failed, 0);
const ok = results.every((result) => result.ok) && failed === 0;
console.log(`${passed} passed, ${failed} failed`);
process.exit(ok ? 0 : 1);
