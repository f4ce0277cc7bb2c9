import type { z } from "zod";
import { AppError, isAppError, isDatabaseUnavailable, RETRY_AFTER_SECONDS } from "@/lib/errors";
import { logger } from "@/lib/logger";
import { findJsonProblem, jsonProblemFieldErrors, textProblem } from "./untrusted-json";
import { zodToFieldErrors } from "./zod-errors";

/** Default request body limit; endpoints that take more say so explicitly. */
export const DEFAULT_MAX_BODY_BYTES = 1024 * 1024;

export function json(data: unknown, status = 200, headers?: HeadersInit): Response {
  return new Response(JSON.stringify(data), {
    status,
    headers: { "content-type": "application/json", ...headers },
  });
}

export function noContent(): Response {
  return new Response(null, { status: 204 });
}

/** Maps any thrown value to authentik's error bodies; never leaks internals on 500. */
export function errorResponse(error: unknown): Response {
  if (isAppError(error)) {
    if (error.code === "validation" && error.fieldErrors) return json(error.fieldErrors, 400);
    const headers: Record<string, string> = {};
    if (error.code === "unauthenticated") headers["www-authenticate"] = 'Bearer realm="herald"';
    if (error.code === "unavailable") headers["retry-after"] = String(RETRY_AFTER_SECONDS);
    return json({ detail: error.message, code: error.code }, error.status, headers);
  }
  // An outage is not a bug of this request: 503 at once, so clients retry instead of giving up.
  if (isDatabaseUnavailable(error)) {
    logger.warn({ err: error }, "database unavailable; answered 503");
    return json({ detail: "The database is unavailable right now; retry shortly.", code: "unavailable" }, 503, {
      "retry-after": String(RETRY_AFTER_SECONDS),
    });
  }
  logger.error({ err: error }, "unhandled error in route handler");
  return json({ detail: "Internal server error.", code: "internal" }, 500);
}

type THandler<C> = (request: Request, context: C) => Promise<Response>;

/** Wraps a route handler so every error becomes a JSON answer with the right status. */
export function route<C = unknown>(handler: THandler<C>): THandler<C> {
  return async (request, context) => {
    try {
      return await handler(request, context);
    } catch (error) {
      return errorResponse(error);
    }
  };
}

export function methodNotAllowed(message: string): THandler<unknown> {
  return async () => json({ detail: message, code: "method_not_allowed" }, 405);
}

const JSON_MEDIA_TYPE = /^application\/([\w.+-]+\+)?json$/;

/** The media type of the body without parameters ("application/json; charset=utf-8" → "application/json"). */
export function mediaTypeOf(request: Request): string {
  return (request.headers.get("content-type") ?? "").split(";")[0].trim().toLowerCase();
}

/**
 * JSON endpoints read JSON only. Refusing forms and text also closes the cross-site "simple request"
 * path: a page on another origin can POST text/plain or a form without a preflight, never JSON.
 */
export function requireMediaType(request: Request, accepts: (mediaType: string) => boolean = isJsonMediaType): void {
  const mediaType = mediaTypeOf(request);
  if (!accepts(mediaType))
    throw new AppError("unsupported_media_type", `Unsupported media type "${mediaType}" in request.`);
}

export function isJsonMediaType(mediaType: string): boolean {
  return JSON_MEDIA_TYPE.test(mediaType);
}

/**
 * Reads a JSON body with a size cap; malformed or oversized bodies are 400s, never 500s. Text that
 * PostgreSQL cannot store and values nested too deep are refused here, once for every endpoint.
 */
export async function readJson(request: Request, maxBytes = DEFAULT_MAX_BODY_BYTES): Promise<unknown> {
  const text = await readText(request, maxBytes);
  if (text.trim() === "") throw AppError.field("non_field_errors", "Request body is empty; expected a JSON object.");
  requireMediaType(request);
  return parseUntrustedJson(text);
}

/** For endpoints whose body may be empty: `fallback` then, else as readJson. */
export async function readOptionalJson(
  request: Request,
  fallback: unknown,
  maxBytes = DEFAULT_MAX_BODY_BYTES,
): Promise<unknown> {
  const text = await readText(request, maxBytes);
  if (text.trim() === "") return fallback;
  requireMediaType(request);
  return parseUntrustedJson(text);
}

/** JSON.parse plus the checks of untrusted-json.ts; every problem is a 400 naming the field. */
export function parseUntrustedJson(text: string): unknown {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw AppError.field("non_field_errors", `JSON parse error - ${(error as Error).message}`);
  }
  const problem = findJsonProblem(value);
  if (problem) throw AppError.validation(jsonProblemFieldErrors(problem));
  return value;
}

export async function readText(request: Request, maxBytes = DEFAULT_MAX_BODY_BYTES): Promise<string> {
  const declared = Number(request.headers.get("content-length") ?? "0");
  const limitMessage = `Request body exceeds the limit of ${maxBytes} bytes.`;
  if (declared > maxBytes) throw AppError.field("non_field_errors", limitMessage);
  if (!request.body) return "";
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let received = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    received += value.byteLength;
    if (received > maxBytes) {
      await reader.cancel().catch(() => {});
      throw AppError.field("non_field_errors", limitMessage);
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString("utf8");
}

export async function parseBody<S extends z.ZodType>(
  request: Request,
  schema: S,
  maxBytes = DEFAULT_MAX_BODY_BYTES,
): Promise<z.infer<S>> {
  return parseWith(schema, await readJson(request, maxBytes));
}

export function parseWith<S extends z.ZodType>(schema: S, input: unknown): z.infer<S> {
  const result = schema.safeParse(input);
  if (!result.success) throw AppError.validation(zodToFieldErrors(result.error));
  return result.data;
}

/** Query strings: repeated keys become arrays only for the names listed in `arrays`. */
export function parseQuery<S extends z.ZodType>(request: Request, schema: S, arrays: string[] = []): z.infer<S> {
  const params = new URL(request.url).searchParams;
  const raw: Record<string, string | string[]> = {};
  for (const key of new Set(params.keys())) {
    const keyProblem = textProblem(key);
    if (keyProblem) throw AppError.field("non_field_errors", `A parameter name: ${keyProblem}`);
    const values = params.getAll(key);
    const problem = values.map(textProblem).find(Boolean);
    if (problem) throw AppError.field(key, problem);
    raw[key] = arrays.includes(key) ? values : (values[0] ?? "");
  }
  return parseWith(schema, raw);
}

export { zQueryBool } from "./query-params";
