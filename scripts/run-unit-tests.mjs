// Runs every unit/integration suite (`*.test.ts` under lib/ and db/) with node's test runner, one
// file at a time (PGlite needs ~1 GB per instance and the machine has 2 cores). Node 20's `--test`
// takes no globs, so the files are listed here.
//
//   node scripts/run-unit-tests.mjs                 all suites
//   node scripts/run-unit-tests.mjs lib/auth        only files whose path contains "lib/auth"
//   node scripts/run-unit-tests.mjs --test-name-pattern=lock   extra flags go to node
//
// DB suites run on PGlite, and also on PostgreSQL when DATABASE_URL is set (lib/testing/test-db.ts).
// Prints `unit: N passed, M failed`; HERALD_TEST_SUMMARY_FILE (if set) receives {passed, failed} as JSON.
import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const TEST_ROOTS = ["lib", "db", "components"];
/** Generous per-test limit so a hung test (e.g. a stuck PGlite) fails the run instead of stalling CI. */
const TEST_TIMEOUT_MS = 5 * 60 * 1000;

export function findTestFiles(root = ROOT) {
  const found = [];
  const walk = (dir) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      if (entry.name === "node_modules" || entry.name.startsWith(".")) continue;
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.isFile() && entry.name.endsWith(".test.ts")) found.push(path.relative(root, full));
    }
  };
  for (const top of TEST_ROOTS) if (fs.existsSync(path.join(root, top))) walk(path.join(root, top));
  return found.sort();
}

/**
 * node's test runner on TypeScript files, one file at a time, in the server context (server-only
 * shim): a readable report on stdout and a TAP copy in `tapFile` for the summary.
 */
export function nodeTestArgs({ timeoutMs, tapFile, nodeFlags = [], files }) {
  return [
    "--require",
    path.join(ROOT, "scripts/server-context.cjs"),
    "--import",
    "tsx",
    "--test",
    "--test-concurrency=1",
    `--test-timeout=${timeoutMs}`,
    "--test-reporter=spec",
    "--test-reporter-destination=stdout",
    "--test-reporter=tap",
    `--test-reporter-destination=${tapFile}`,
    ...nodeFlags,
    ...files,
  ];
}

/** Reads node's TAP summary (`# pass N`, `# fail N`, `# cancelled N`); the last occurrence is the run total. */
export function parseTapSummary(text) {
  const last = (name) => {
    const matches = [...text.matchAll(new RegExp(`^# ${name} (\\d+)$`, "gm"))];
    return matches.length ? Number(matches[matches.length - 1][1]) : null;
  };
  const pass = last("pass");
  const fail = last("fail");
  if (pass === null || fail === null) return null;
  return {
    passed: pass,
    failed: fail + (last("cancelled") ?? 0),
    skipped: (last("skipped") ?? 0) + (last("todo") ?? 0),
  };
}

export async function runUnitTests(argv = process.argv.slice(2)) {
  const nodeFlags = argv.filter((arg) => arg.startsWith("--"));
  const filters = argv.filter((arg) => !arg.startsWith("--"));
  const files = findTestFiles().filter((file) => filters.length === 0 || filters.some((part) => file.includes(part)));
  if (files.length === 0) {
    console.error(
      `No *.test.ts files found under ${TEST_ROOTS.join("/, ")}/${filters.length ? ` matching ${filters.join(", ")}` : ""}.`,
    );
    return { passed: 0, failed: 1, exitCode: 1 };
  }
  const tapFile = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "herald-unit-")), "results.tap");
  const args = nodeTestArgs({ timeoutMs: TEST_TIMEOUT_MS, tapFile, nodeFlags, files });
  console.log(
    `Running ${files.length} test file(s)${process.env.DATABASE_URL ? " on PGlite and PostgreSQL" : " on PGlite (DATABASE_URL not set)"}`,
  );
  const env = { ...process.env, HERALD_LOG_LEVEL: process.env.HERALD_LOG_LEVEL || "warn" };
  const exitCode = await new Promise((resolve) => {
    const child = spawn(process.execPath, args, { cwd: ROOT, env, stdio: "inherit" });
    const forward = (signal) => child.kill(signal);
    process.on("SIGINT", forward);
    process.on("SIGTERM", forward);
    child.on("exit", (code, signal) => {
      process.off("SIGINT", forward);
      process.off("SIGTERM", forward);
      resolve(code ?? (signal ? 1 : 0));
    });
  });
  const tap = fs.existsSync(tapFile) ? fs.readFileSync(tapFile, "utf8") : "";
  fs.rmSync(path.dirname(tapFile), { recursive: true, force: true });
  const summary = parseTapSummary(tap) ?? { passed: 0, failed: 0, skipped: 0 };
  // A crash with no failing test recorded (runner error, bad flag) still has to fail the run.
  if (exitCode !== 0 && summary.failed === 0) summary.failed = 1;
  return { ...summary, exitCode: summary.failed > 0 ? exitCode || 1 : exitCode };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  const result = await runUnitTests();
  if (result.skipped) console.log(`unit: ${result.skipped} skipped or todo`);
  console.log(`unit: ${result.passed} passed, ${result.failed} failed`);
  if (process.env.HERALD_TEST_SUMMARY_FILE) {
    fs.writeFileSync(
      process.env.HERALD_TEST_SUMMARY_FILE,
      JSON.stringify({ passed: result.passed, failed: result.failed }),
    );
  }
  process.exit(result.exitCode);
}
