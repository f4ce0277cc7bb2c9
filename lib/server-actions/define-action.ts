import type { z } from "zod";
import { type Db, getDb } from "@/db/client";
import type { TActor } from "@/lib/actor";
import { findJsonProblem, jsonProblemFieldErrors } from "@/lib/api/untrusted-json";
import { zodToFieldErrors } from "@/lib/api/zod-errors";
import { currentActor } from "@/lib/auth/current";
import { isAppError, isDatabaseUnavailable, type TErrorCode, type TFieldErrors } from "@/lib/errors";
import { logger } from "@/lib/logger";

/** What every server action returns: never a thrown error, always something a form can show. */
export type TActionResult<T> =
  | { ok: true; data: T }
  | { ok: false; code: TErrorCode; message: string; fieldErrors?: TFieldErrors };

type TAudience = "user" | "admin";

/**
 * The one wrapper for server actions: authenticate → authorise → zod-parse → run → typed result.
 * Layouts and middleware are not the security boundary; this is.
 */
export function defineAction<S extends z.ZodType, T>(
  audience: TAudience,
  schema: S,
  run: (ctx: { actor: TActor; db: Db; input: z.infer<S> }) => Promise<T>,
): (input: unknown) => Promise<TActionResult<T>> {
  return async (input) => {
    try {
      const actor = await currentActor();
      if (!actor) return { ok: false, code: "unauthenticated", message: "Your session has ended. Sign in again." };
      if (audience === "admin" && !actor.isSuperuser) {
        return { ok: false, code: "forbidden", message: "Only administrators can do this." };
      }
      const parsed = parseInput(schema, input);
      if (!parsed.ok) {
        const { fieldErrors } = parsed;
        const [field, messages] = Object.entries(fieldErrors)[0] ?? ["input", ["Invalid input."]];
        return { ok: false, code: "validation", message: `${field}: ${messages[0]}`, fieldErrors };
      }
      return { ok: true, data: await run({ actor, db: await getDb(), input: parsed.data }) };
    } catch (error) {
      if (isAppError(error)) {
        return { ok: false, code: error.code, message: error.message, fieldErrors: error.fieldErrors };
      }
      if (isDatabaseUnavailable(error)) {
        logger.warn({ err: error }, "server action failed: database unavailable");
        return { ok: false, code: "unavailable", message: "The database is unavailable right now; try again shortly." };
      }
      logger.error({ err: error }, "server action failed");
      return { ok: false, code: "internal", message: "Something went wrong; the error has been logged." };
    }
  };
}

/** The same checks as a JSON body: text PostgreSQL can store and bounded nesting first, then the schema. */
function parseInput<S extends z.ZodType>(
  schema: S,
  input: unknown,
): { ok: true; data: z.infer<S> } | { ok: false; fieldErrors: TFieldErrors } {
  const problem = findJsonProblem(input);
  if (problem) return { ok: false, fieldErrors: jsonProblemFieldErrors(problem) };
  const parsed = schema.safeParse(input);
  return parsed.success ? { ok: true, data: parsed.data } : { ok: false, fieldErrors: zodToFieldErrors(parsed.error) };
}
