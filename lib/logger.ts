import pino, { type DestinationStream } from "pino";

/**
 * Keys whose values never reach a log line, at the top of a record or one level down
 * (`{ transport: { signingSecret } }`). Bodies and secrets are not logged on purpose; this is the
 * net for the day someone logs an object that carries one.
 */
const SECRET_KEYS = [
  "password",
  "passwordHash",
  "password_hash",
  "secret",
  "signingSecret",
  "signing_secret",
  "key",
  "token",
  "authorization",
  "cookie",
  "webhookUrl",
  "webhook_url",
  "smtpPassword",
  "accessToken",
];
const REDACT_PATHS = [
  ...SECRET_KEYS,
  ...SECRET_KEYS.map((key) => `*.${key}`),
  "headers.authorization",
  "headers.cookie",
  "*.headers.authorization",
  "*.headers.cookie",
];

/** Where a failed query's bound values start in drizzle's message ("Failed query: …\nparams: …"). */
const PARAMS_SUFFIX = /\nparams:[\s\S]*$/;
/** Error fields that carry a query's values (drizzle: params; postgres.js: parameters, args; PG: detail). */
const VALUE_FIELDS = new Set(["params", "parameters", "args", "detail", "query", "input"]);
const MAX_CAUSE_DEPTH = 5;

type TSerializedError = Record<string, unknown>;

/**
 * Errors as JSON without the values a failed statement was given: those are user data and
 * secrets (a webhook's signing secret, a password hash). The statement text, the SQLSTATE and
 * the constraint stay, which is what a reader needs to find the bug.
 */
export function serializeError(error: unknown, depth = 0): unknown {
  if (!(error instanceof Error)) return error;
  const out: TSerializedError = {
    type: error.constructor?.name ?? "Error",
    message: error.message.replace(PARAMS_SUFFIX, ""),
    stack: (error.stack ?? "").replace(PARAMS_SUFFIX, ""),
  };
  const query = (error as { query?: unknown }).query;
  if (typeof query === "string") out.query = query.slice(0, 2000);
  for (const [key, value] of Object.entries(error)) {
    if (VALUE_FIELDS.has(key) || key === "cause" || key in out) continue;
    if (value === null || ["string", "number", "boolean"].includes(typeof value)) out[key] = value;
  }
  if (error.cause !== undefined && depth < MAX_CAUSE_DEPTH) out.cause = serializeError(error.cause, depth + 1);
  return out;
}

export function createLogger(destination?: DestinationStream): pino.Logger {
  const options: pino.LoggerOptions = {
    level: process.env.HERALD_LOG_LEVEL || "info",
    base: { service: "herald" },
    timestamp: pino.stdTimeFunctions.isoTime,
    serializers: { err: serializeError, error: serializeError },
    redact: { paths: REDACT_PATHS, censor: "[redacted]" },
  };
  return destination ? pino(options, destination) : pino(options);
}

/** One JSON line per log record on stdout; never log payload bodies or secrets. */
export const logger = createLogger();
