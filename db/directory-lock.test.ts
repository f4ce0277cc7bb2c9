import assert from "node:assert/strict";
import { type ChildProcess, spawn } from "node:child_process";
import { once } from "node:events";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, it } from "node:test";
import { acquireDirectoryLock } from "./directory-lock";

const MODULE = path.join(import.meta.dirname ?? __dirname, "directory-lock.ts");

/** Runs `body` in a separate node process with `acquireDirectoryLock` loaded from the real module. */
function spawnWithLockModule(body: string): ChildProcess {
  // tsx loads the .ts file as CommonJS here, so the named export sits on `default`.
  const script = `
    const mod = await import(${JSON.stringify(MODULE)});
    const { acquireDirectoryLock } = mod.acquireDirectoryLock ? mod : mod.default;
    ${body}
  `;
  return spawn(process.execPath, ["--import", "tsx", "--input-type=module", "-e", script], {
    stdio: ["ignore", "pipe", "inherit"],
  });
}

/** Collects a child's stdout until it prints `until` (resolves true) or exits (false). */
function outputOf(child: ChildProcess, until?: string): Promise<{ output: string; matched: boolean }> {
  return new Promise((resolve) => {
    let output = "";
    child.stdout!.on("data", (chunk: Buffer) => {
      output += chunk.toString();
      if (until && output.includes(until)) resolve({ output, matched: true });
    });
    child.on("exit", () => resolve({ output, matched: false }));
  });
}

/** A separate process that takes the lock and keeps it until killed. */
async function childHoldingLock(directory: string, children: ChildProcess[]): Promise<ChildProcess> {
  const child = spawnWithLockModule(`
    acquireDirectoryLock(${JSON.stringify(directory)});
    console.log("locked");
    setInterval(() => {}, 1000);
  `);
  children.push(child);
  const { output, matched } = await outputOf(child, "locked");
  assert.ok(matched, `child took the lock (output: ${JSON.stringify(output)})`);
  return child;
}

async function deadPid(): Promise<number> {
  const child = spawn(process.execPath, ["-e", ""], { stdio: "ignore" });
  await once(child, "exit");
  return child.pid!;
}

describe("acquireDirectoryLock", () => {
  let directory: string;
  const children: ChildProcess[] = [];
  beforeEach(() => {
    directory = fs.mkdtempSync(path.join(os.tmpdir(), "herald-lock-test-"));
  });
  afterEach(() => {
    for (const child of children.splice(0)) if (child.exitCode === null) child.kill("SIGKILL");
    fs.rmSync(directory, { recursive: true, force: true });
  });
  const lockFile = () => path.join(directory, "herald.lock");

  it("writes our pid and removes the file on release", () => {
    const lock = acquireDirectoryLock(directory);
    assert.equal(fs.readFileSync(lockFile(), "utf8"), String(process.pid));
    lock.release();
    assert.equal(fs.existsSync(lockFile()), false);
    acquireDirectoryLock(directory).release(); // free again
  });

  it("refuses a second owner while the first process lives, naming it", async () => {
    const child = await childHoldingLock(directory, children);
    assert.equal(fs.readFileSync(lockFile(), "utf8"), String(child.pid));
    assert.throws(
      () => acquireDirectoryLock(directory),
      (error: Error) => {
        assert.match(error.message, new RegExp(`in use by process ${child.pid}\\b`));
        assert.match(error.message, /DATABASE_URL/);
        return true;
      },
    );
    assert.equal(fs.readFileSync(lockFile(), "utf8"), String(child.pid), "the owner's lock is left alone");
  });

  it("reclaims the lock of a process that died without releasing it", async () => {
    const child = await childHoldingLock(directory, children);
    child.kill("SIGKILL");
    await once(child, "exit");
    assert.equal(fs.readFileSync(lockFile(), "utf8"), String(child.pid), "stale lock left behind");
    const lock = acquireDirectoryLock(directory);
    assert.equal(fs.readFileSync(lockFile(), "utf8"), String(process.pid));
    lock.release();
  });

  it("reclaims a lock file naming a dead pid or holding garbage", async () => {
    for (const content of [String(await deadPid()), "not-a-pid", ""]) {
      fs.writeFileSync(lockFile(), content);
      const lock = acquireDirectoryLock(directory);
      assert.equal(
        fs.readFileSync(lockFile(), "utf8"),
        String(process.pid),
        `reclaimed from ${JSON.stringify(content)}`,
      );
      lock.release();
    }
  });

  it("release does not delete a lock that another process took over", async () => {
    const lock = acquireDirectoryLock(directory);
    fs.writeFileSync(lockFile(), String(process.ppid));
    lock.release();
    assert.equal(fs.readFileSync(lockFile(), "utf8"), String(process.ppid));
  });

  it("a child process is refused while this process holds the lock", async () => {
    const lock = acquireDirectoryLock(directory);
    const child = spawnWithLockModule(`
      try { acquireDirectoryLock(${JSON.stringify(directory)}); console.log("acquired"); }
      catch (error) { console.log(error.message); }
    `);
    children.push(child);
    const { output } = await outputOf(child);
    assert.match(output, new RegExp(`in use by process ${process.pid}\\b`));
    assert.equal(fs.readFileSync(lockFile(), "utf8"), String(process.pid));
    lock.release();
  });
});
