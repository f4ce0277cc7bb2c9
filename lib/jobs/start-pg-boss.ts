import { type ConstructorOptions, fromPglite, PgBoss } from "pg-boss";
import type { TDbHandle } from "@/db/client";
import { postgresTimeouts } from "@/db/postgres-options";
import { logger } from "@/lib/logger";

/**
 * A job whose worker stops heart-beating (crash, SIGKILL) is failed and retried by the monitor
 * within ~20 s instead of waiting for its expiry. pg-boss's cron scheduler stays off: Herald's
 * scheduled jobs run on timers (lib/jobs/job-schedule.ts says why).
 */
const SUPERVISION = {
  schedule: false,
  useListenNotify: true,
  superviseIntervalSeconds: 10,
  monitorIntervalSeconds: 10,
} satisfies ConstructorOptions;

/** pg-boss on Herald's database, creating or migrating its schema: the same code on PostgreSQL and PGlite. */
export async function startPgBoss(handle: TDbHandle): Promise<PgBoss> {
  const boss = new PgBoss(pgBossOptions(handle));
  boss.on("error", (error) => logger.error({ err: error }, "job queue error"));
  await boss.start();
  return boss;
}

function pgBossOptions(handle: TDbHandle): ConstructorOptions {
  if (handle.backend === "pglite") {
    if (!handle.pglite) throw new Error("The PGlite database handle has no PGlite instance.");
    // PGlite is one connection: pg-boss shares it with the application.
    return { db: fromPglite(handle.pglite), backend: "pglite", ...SUPERVISION };
  }
  if (!handle.url) throw new Error("The PostgreSQL database handle has no connection string.");
  // A small pool of pg-boss's own for fetching, completing and its supervision, with the same
  // limits as Herald's pool: pg's connectionTimeoutMillis bounds both opening a connection and
  // waiting for a free one, so the worker's loops fail and retry during an outage instead of hanging.
  const timeouts = handle.timeouts ?? postgresTimeouts();
  return {
    connectionString: handle.url,
    max: 4,
    connectionTimeoutMillis: Math.max(timeouts.connectSeconds, timeouts.acquireSeconds) * 1000,
    ...(timeouts.statementSeconds > 0 ? { options: `-c statement_timeout=${timeouts.statementSeconds * 1000}` } : {}),
    ...SUPERVISION,
  };
}
