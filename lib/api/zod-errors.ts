import type { z } from "zod";
import type { TFieldErrors } from "@/lib/errors";

/**
 * Turns zod issues into authentik's (DRF's) error shape: `{field: ["message"]}`, with errors that
 * belong to no field under `non_field_errors`. Nested paths keep the sub-path in the message.
 */
export function zodToFieldErrors(error: z.ZodError): TFieldErrors {
  const out: TFieldErrors = {};
  for (const issue of error.issues) {
    const [head, ...rest] = issue.path.map(String);
    const field = head ?? "non_field_errors";
    const message = rest.length ? `${rest.join(".")}: ${issue.message}` : issue.message;
    (out[field] ??= []).push(message);
  }
  return out;
}
