import pino from "pino";

/** One JSON line per log record on stdout; never log payload bodies or secrets. */
export const logger = pino({
  level: process.env.HERALD_LOG_LEVEL || "info",
  base: { service: "herald" },
  timestamp: pino.stdTimeFunctions.isoTime,
});
