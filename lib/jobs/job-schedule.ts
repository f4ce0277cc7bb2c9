import { logger } from "@/lib/logger";
import { readSetting, type TJobContext, type TScheduledJobDefinition } from "./define-job";

/**
 * Runs a scheduled job on a timer in this process. A timer rather than a pg-boss schedule: those
 * are cron expressions (minute resolution, a 60-second occurrence window) that need pg-boss's
 * timekeeper polling in every instance — on PGlite, on the one connection the application uses too
 * — while Herald's intervals are any number of seconds (HERALD_CLEANUP_INTERVAL). A job that must
 * run in one place at a time takes a lock itself (lib/housekeeping/run-exclusive.ts).
 *
 * A tick while the previous run is still going is skipped; stopping waits for the current run.
 */
export function startSchedule(definition: TScheduledJobDefinition, context: TJobContext): () => Promise<void> {
  const everySeconds = readSetting(definition.schedule.everySeconds);
  if (everySeconds <= 0) return async () => undefined;
  let running: Promise<void> | null = null;
  const tick = () => {
    running ??= Promise.resolve()
      .then(() => definition.handler(context))
      .then(
        () => undefined,
        (error) => logger.error({ err: error, job: definition.name }, "scheduled job failed"),
      )
      .finally(() => {
        running = null;
      });
  };
  const first = setTimeout(tick, definition.schedule.firstRunAfterSeconds * 1000);
  const every = setInterval(tick, everySeconds * 1000);
  // Timers never keep a process alive on their own.
  first.unref();
  every.unref();
  return async () => {
    clearTimeout(first);
    clearInterval(every);
    await running;
  };
}
