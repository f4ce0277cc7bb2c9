/**
 * The one error type Herald raises on purpose. `code` picks the HTTP status (see STATUS_BY_CODE);
 * `message` is safe to show to the caller; `fieldErrors` follows authentik's `{field: [messages]}`.
 */
export const ERROR_CODES = [
  /** Input failed validation; fieldErrors names the fields. */
  "validation",
  /** No or invalid credentials. */
  "unauthenticated",
  /** Authenticated, but not allowed. */
  "forbidden",
  /** A cookie-authenticated change came from another origin (cross-site request forgery). */
  "csrf_failed",
  /** The object does not exist or is outside the caller's scope. */
  "not_found",
  /** The HTTP method is not supported on this route (e.g. editing the append-only audit log). */
  "method_not_allowed",
  /** The body is not in a format the endpoint reads (JSON endpoints given text, forms, …). */
  "unsupported_media_type",
  /** Too many attempts; retry later. */
  "rate_limited",
  /** The service cannot answer right now (database down, not migrated); answered with Retry-After. */
  "unavailable",
  /** A bug or an unexpected failure; details only go to the log. */
  "internal",
] as const;
export type TErrorCode = (typeof ERROR_CODES)[number];

export const STATUS_BY_CODE: Record<TErrorCode, number> = {
  validation: 400,
  unauthenticated: 401,
  forbidden: 403,
  csrf_failed: 403,
  not_found: 404,
  method_not_allowed: 405,
  unsupported_media_type: 415,
  rate_limited: 429,
  unavailable: 503,
  internal: 500,
};

export type TFieldErrors = Record<string, string[]>;

export class AppError extends Error {
  readonly code: TErrorCode;
  readonly fieldErrors?: TFieldErrors;

  constructor(code: TErrorCode, message: string, fieldErrors?: TFieldErrors) {
    super(message);
    this.name = "AppError";
    this.code = code;
    this.fieldErrors = fieldErrors;
  }

  get status(): number {
    return STATUS_BY_CODE[this.code];
  }

  static validation(fieldErrors: TFieldErrors): AppError {
    const first = Object.entries(fieldErrors)[0];
    const message = first ? `${first[0]}: ${first[1][0]}` : "Invalid input.";
    return new AppError("validation", message, fieldErrors);
  }

  static field(field: string, message: string): AppError {
    return AppError.validation({ [field]: [message] });
  }

  static notFound(message = "Not found."): AppError {
    return new AppError("not_found", message);
  }
}

export function isAppError(error: unknown): error is AppError {
  return error instanceof AppError;
}

/** Seconds a client is told to wait (Retry-After) before trying again after a 503. */
export const RETRY_AFTER_SECONDS = 5;

/**
 * Errors that mean "the database cannot be reached right now", not "this request is wrong": they
 * become 503 with Retry-After, and the same request succeeds once the database is back.
 */
const UNAVAILABLE_CODES = new Set([
  // Sockets (postgres.js and pg report the errno code).
  "ECONNREFUSED",
  "ECONNRESET",
  "ETIMEDOUT",
  "EHOSTUNREACH",
  "ENETUNREACH",
  "EPIPE",
  "EAI_AGAIN",
  // postgres.js
  "CONNECT_TIMEOUT",
  "CONNECTION_CLOSED",
  "CONNECTION_ENDED",
  "CONNECTION_DESTROYED",
  // db/client.ts: no pool connection within the acquire timeout, or no answer within the query deadline.
  "DB_ACQUIRE_TIMEOUT",
  "DB_QUERY_DEADLINE",
  // PostgreSQL: admin_shutdown, crash_shutdown, cannot_connect_now (starting up or shutting down),
  // too_many_connections, query_canceled (statement_timeout), lock_not_available.
  "57P01",
  "57P02",
  "57P03",
  "53300",
  "57014",
  "55P03",
]);

/** Messages of errors that carry no code: pg (pg-boss's pool) and PGlite once closed. */
const UNAVAILABLE_MESSAGES = [
  "Connection terminated unexpectedly",
  "Connection terminated due to connection timeout",
  "timeout exceeded when trying to connect",
  "Client has encountered a connection error",
  "PGlite is closed",
];

/** True when `error` (or one of its causes: drizzle wraps driver errors) says the database is unreachable. */
export function isDatabaseUnavailable(error: unknown): boolean {
  for (const { code, message } of causeChain(error)) {
    // An outbound HTTP call (webhook, test send) failing with the same socket codes is not the database.
    if (message === "fetch failed") return false;
    if (typeof code === "string" && (UNAVAILABLE_CODES.has(code) || code.startsWith("08"))) return true;
    if (typeof message === "string" && UNAVAILABLE_MESSAGES.some((known) => message.includes(known))) return true;
  }
  return false;
}

/** True when a PostgreSQL error is a unique violation (23505), for either driver. */
export function isUniqueViolation(error: unknown): boolean {
  return hasErrorCode(error, (code) => code === "23505");
}

/**
 * Runs a write whose unique constraint guards `field`: a violation (a concurrent duplicate, or one
 * a pre-check missed) becomes a 400 naming the field, with authentik's message.
 */
export async function withUniqueField<T>(field: string, message: string, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (isUniqueViolation(error)) throw AppError.field(field, message);
    throw error;
  }
}

/** The error and its causes, nearest first: drizzle wraps the driver's error, which carries the code. */
export function* causeChain(error: unknown, maxDepth = 5): Generator<{ code?: unknown; message?: unknown }> {
  let current: unknown = error;
  for (let depth = 0; current && typeof current === "object" && depth < maxDepth; depth++) {
    yield current as { code?: unknown; message?: unknown };
    current = (current as { cause?: unknown }).cause;
  }
}

/** True when the error or one of its causes has a string `code` (SQLSTATE, errno) that `matches`. */
export function hasErrorCode(error: unknown, matches: (code: string) => boolean): boolean {
  for (const { code } of causeChain(error)) if (typeof code === "string" && matches(code)) return true;
  return false;
}
