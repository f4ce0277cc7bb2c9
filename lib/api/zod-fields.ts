import { z } from "zod";

/** DRF's two messages: a missing field vs a value of the wrong type. */
export const requiredString = () =>
  z.string({ error: (issue) => (issue.input === undefined ? "This field is required." : "Not a valid string.") });

/** A model's `name`, validated with authentik's messages. */
export const ZName = requiredString()
  .trim()
  .min(1, "This field may not be blank.")
  .max(255, "Ensure this field has no more than 255 characters.");

export const INT4_MAX = 2_147_483_647;

/**
 * A primary key of an integer (int4) column: whole, positive and within PostgreSQL's range, so an
 * out-of-range id is a validation error instead of a database failure.
 */
export const zIntPk = (message = "Expected a user pk (integer).") =>
  z
    .number({ error: message })
    .int(message)
    .min(1, "Ensure this value is greater than or equal to 1.")
    .max(INT4_MAX, `Ensure this value is less than or equal to ${INT4_MAX}.`);

/** An int4 query parameter or form value given as text. */
export const zQueryInt = (min = -INT4_MAX, max = INT4_MAX) =>
  z.coerce
    .number({ error: "A valid integer is required." })
    .int("A valid integer is required.")
    .min(min, `Ensure this value is greater than or equal to ${min}.`)
    .max(max, `Ensure this value is less than or equal to ${max}.`);

/** Years that every layer round-trips: JavaScript, ISO 8601 without an expanded year, and PostgreSQL. */
const MIN_YEAR = 1;
const MAX_YEAR = 9999;

/**
 * A datetime from a client: ISO 8601 text (or a Date, from server code), years 0001–9999 as Python's
 * datetime (and so authentik) accepts. Numbers and booleans are refused rather than read as epoch
 * milliseconds (`true` would be 1970). Years beyond the range exist in JavaScript but not in
 * PostgreSQL's text format, and would fail in the database instead of here.
 */
export const zDateTime = (message = "Datetime has wrong format.") =>
  z.union([z.string(), z.date()], { error: message }).transform((value, ctx) => {
    const date = value instanceof Date ? value : new Date(value.trim());
    if (Number.isNaN(date.getTime()) || (typeof value === "string" && value.trim() === "")) {
      ctx.addIssue({ code: "custom", message });
      return z.NEVER;
    }
    const year = date.getUTCFullYear();
    if (year < MIN_YEAR || year > MAX_YEAR) {
      ctx.addIssue({ code: "custom", message: `Datetime must be between the years ${MIN_YEAR} and ${MAX_YEAR}.` });
      return z.NEVER;
    }
    return date;
  });

/**
 * `ordering` of a list endpoint: one of the named fields, `-` for descending (with `multiple`, a
 * comma-separated list of them). Anything else is a 400 naming the allowed values: a lookup table
 * keyed by client text must never see "__proto__".
 */
export function zOrdering<const K extends string>(fields: readonly K[], options: { multiple?: boolean } = {}) {
  const allowed = new Set<string>(fields);
  const known = (part: string) => allowed.has(part.trim().replace(/^-/, ""));
  return z
    .string({ error: "Not a valid string." })
    .max(200, "Ensure this field has no more than 200 characters.")
    .refine((value) => (options.multiple ? value.split(",").every(known) : known(value)), {
      message: `Ordering must be ${options.multiple ? "a comma-separated list of " : "one of "}${fields.join(", ")} (prefix - for descending).`,
    });
}

/** A client's value quoted in an error message (DRF's `"x" is not a valid choice.`), never more than 100 characters. */
export function quotedInput(value: unknown): string {
  const text = String(value);
  return `"${text.length > 100 ? `${text.slice(0, 100)}…` : text}"`;
}
