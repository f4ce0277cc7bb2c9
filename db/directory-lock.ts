import fs from "node:fs";
import path from "node:path";

export type TDirectoryLock = { release(): void };

/**
 * PGlite has no lock of its own and two processes on one directory silently lose data,
 * so Herald takes a pid lock file and refuses to start a second owner.
 */
export function acquireDirectoryLock(directory: string): TDirectoryLock {
  const lockPath = path.join(directory, "herald.lock");
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = fs.openSync(lockPath, "wx");
      fs.writeSync(fd, String(process.pid));
      fs.closeSync(fd);
      const release = () => {
        try {
          if (fs.readFileSync(lockPath, "utf8") === String(process.pid)) fs.unlinkSync(lockPath);
        } catch {
          // already gone
        }
      };
      process.once("exit", release);
      return { release };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
      const owner = Number.parseInt(fs.readFileSync(lockPath, "utf8"), 10);
      if (owner === process.pid) return { release: () => {} };
      if (Number.isInteger(owner) && isAlive(owner)) {
        throw new Error(
          `The embedded database at ${directory} is in use by process ${owner}. ` +
            "PGlite allows one process per data directory: stop that process, use another HERALD_DATA_DIR, " +
            "or set DATABASE_URL to share a PostgreSQL server between processes.",
        );
      }
      fs.unlinkSync(lockPath); // stale lock from a crashed process
    }
  }
  throw new Error(`Could not lock ${directory}`);
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}
