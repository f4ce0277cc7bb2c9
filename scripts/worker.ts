/**
 * `npm run worker`: works Herald's dispatch queue (rule evaluation and deliveries) in its own
 * process, without HTTP. Run it beside servers started with HERALD_WORKER=off, or as extra
 * capacity: any number of workers and servers can share one PostgreSQL without double delivery.
 * On PGlite only one process may open the data directory, so there the server's built-in worker
 * is the only option.
 */
import { getDbHandle } from "@/db/client";
import { startDispatch } from "@/lib/dispatch/dispatcher";
import { initGeoIp } from "@/lib/geoip/databases";
import { logger } from "@/lib/logger";

async function main(): Promise<void> {
  await initGeoIp();
  const handle = await getDbHandle();
  const dispatcher = await startDispatch(handle, { work: true });
  console.log(`Herald worker running on ${handle.backend === "postgres" ? "PostgreSQL" : "PGlite"}; Ctrl-C to stop.`);
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, "worker stopping");
    await dispatcher.stop();
    await handle.close();
    process.exit(0);
  };
  process.on("SIGTERM", () => void stop("SIGTERM"));
  process.on("SIGINT", () => void stop("SIGINT"));
}

main().catch((error) => {
  console.error(`Herald worker could not start: ${(error as Error).message}`);
  process.exit(1);
});
