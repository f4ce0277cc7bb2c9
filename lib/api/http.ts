import type { z } from "zod";
import { AppError, isAppError } from "@/lib/errors";
import { logger } from "@/lib/logger";
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
    return json({ detail: error.message, code: error.code }, error.status, headers);
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

/** Reads a JSON body with a size cap; malformed or oversized bodies are 400s, never 500s. */
export async function readJson(request: Request, maxBytes = DEFAULT_MAX_BODY_BYTES): Promise<unknown> {
  const text = await readText(request, maxBytes);
  if (text.trim() === "") throw AppError.field("non_field_errors", "Request body is empty; expected a JSON object.");
  try {
    return JSON.parse(text);
  } catch (error) {
    throw AppError.field("non_field_errors", `JSON parse error - ${(error as Error).message}`);
  }
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
    raw[key] = arrays.includes(key) ? params.getAll(key) : (params.get(key) ?? "");
  }
  return parseWith(schema, raw);
}

export { zQueryBool } from "./query-params";
