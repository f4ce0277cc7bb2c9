import { getDbHandle } from "@/db/client";
import { startDispatch } from "@/lib/dispatch/dispatcher";
import { env } from "@/lib/env";
import { initGeoIp } from "@/lib/geoip/databases";
import { logger } from "@/lib/logger";
import { SERVER_JOBS } from "@/lib/startup/background-jobs";
import { bootstrap } from "@/lib/startup/bootstrap";

type TStartupState = { heraldStarted?: Promise<void> };
const state = globalThis as unknown as TStartupState;

/**
 * Server start-up: open the database (PGlite lock or PostgreSQL), apply migrations, seed defaults
 * and the bootstrap admin. A failure here stops the process with the reason, rather than serving
 * a half-working app.
 */
export function startHerald(): Promise<void> {
  state.heraldStarted ??= (async () => {
    try {
      await initGeoIp();
      const handle = await getDbHandle();
      await bootstrap(handle.db);
      // Always enqueue (events must never miss their dispatch) and clean up expired events; work the
      // queues here unless HERALD_WORKER=off.
      await startDispatch(handle, { work: env().HERALD_WORKER === "on", jobs: SERVER_JOBS });
      logger.info({ backend: handle.backend }, "herald started");
    } catch (error) {
      console.error(`\nHerald could not start: ${(error as Error).message}\n`);
      logger.fatal({ err: error }, "startup failed");
      process.exit(1);
    }
  })();
  return state.heraldStarted;
}
