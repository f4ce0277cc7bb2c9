// `npm run test:faults`: the fault suite (scripts/faults/*.test.ts: a database restart, crashes,
// receivers that go away, several instances) against the production build, one file at a time.
// Reuses the build `npm test` made (HERALD_DIST_DIR, else .next) and builds only when there is none.
//
//   npm run test:faults                         every scenario
//   npm run test:faults -- postgres-restart     only files whose name contains "postgres-restart"
//
// Prints `faults: N passed, M failed`; HERALD_TEST_SUMMARY_FILE (if set) receives {passed, failed}.
// The whole run is stopped after HERALD_FAULTS_TIMEOUT seconds (default 480), still with a summary.
import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { buildDir, ensureBuild, ROOT } from "./faults/build.mjs";
import { nodeTestArgs, parseTapSummary } from "./run-unit-tests.mjs";

const FAULTS_DIR = path.join(ROOT, "scripts/faults");
/** One scenario may take this long before node's runner cancels it. */
const TEST_TIMEOUT_MS = 4 * 60 * 1000;
const RUN_TIMEOUT_MS = Number(process.env.HERALD_FAULTS_TIMEOUT || 480) * 1000;

function finish(result) {
  console.log(`faults: ${result.passed} passed, ${result.failed} failed`);
  if (process.env.HERALD_TEST_SUMMARY_FILE) {
    fs.writeFileSync(
      process.env.HERALD_TEST_SUMMARY_FILE,
      JSON.stringify({ passed: result.passed, failed: result.failed }),
    );
  }
  process.exit(result.failed > 0 ? 1 : 0);
}

const filters = process.argv.slice(2).filter((arg) => !arg.startsWith("--"));
const nodeFlags = process.argv.slice(2).filter((arg) => arg.startsWith("--"));
const files = fs
  .readdirSync(FAULTS_DIR)
  .filter((name) => name.endsWith(".test.ts"))
  .filter((name) => filters.length === 0 || filters.some((part) => name.includes(part)))
  .sort()
  .map((name) => path.join("scripts/faults", name));
if (files.length === 0) {
  console.error(`No fault scenarios in scripts/faults/${filters.length ? ` matching ${filters.join(", ")}` : ""}.`);
  finish({ passed: 0, failed: 1 });
}
process.env.NEXT_TELEMETRY_DISABLED = "1";
if (!ensureBuild()) {
  console.error(`The production build (into ${buildDir()}) failed: no fault scenario ran.`);
  finish({ passed: 0, failed: 1 });
}

const tapDir = fs.mkdtempSync(path.join(os.tmpdir(), "herald-faults-"));
const tapFile = path.join(tapDir, "results.tap");
const args = nodeTestArgs({ timeoutMs: TEST_TIMEOUT_MS, tapFile, nodeFlags, files });
console.log(`Running ${files.length} fault scenario file(s) against the build in ${buildDir()}`);
const env = { ...process.env, HERALD_LOG_LEVEL: process.env.HERALD_LOG_LEVEL || "warn" };
let timedOut = false;
const exitCode = await new Promise((resolve) => {
  // Its own process group: a stop reaches every test file (and the servers they started), not
  // just node's runner, so their exit handlers remove servers and clusters.
  const child = spawn(process.execPath, args, { cwd: ROOT, env, stdio: "inherit", detached: true });
  const signalGroup = (signal) => {
    try {
      process.kill(-child.pid, signal);
    } catch {
      // already gone
    }
  };
  const forward = (signal) => signalGroup(signal);
  process.on("SIGINT", forward);
  process.on("SIGTERM", forward);
  // SIGTERM lets each test file's exit handlers remove its servers and clusters; SIGKILL if that hangs.
  const timer = setTimeout(() => {
    timedOut = true;
    console.error(`\nThe fault suite ran longer than ${RUN_TIMEOUT_MS / 1000} s: stopping it.`);
    signalGroup("SIGTERM");
    setTimeout(() => signalGroup("SIGKILL"), 30_000).unref();
  }, RUN_TIMEOUT_MS);
  child.on("exit", (code, signal) => {
    clearTimeout(timer);
    process.off("SIGINT", forward);
    process.off("SIGTERM", forward);
    resolve(code ?? (signal ? 1 : 0));
  });
});
const tap = fs.existsSync(tapFile) ? fs.readFileSync(tapFile, "utf8") : "";
fs.rmSync(tapDir, { recursive: true, force: true });
const summary = parseTapSummary(tap) ?? { passed: 0, failed: 0 };
// A crash or a timeout with no failing test recorded still has to fail the run.
if ((exitCode !== 0 || timedOut) && summary.failed === 0) summary.failed = 1;
finish(summary);
