import { z } from "zod";
import { TOKEN_INTENTS } from "@/db/schema";

export const ZTokenIdentifier = z
  .string({ error: "This field is required." })
  .trim()
  .min(1, "This field may not be blank.")
  .max(255, "Ensure this field has no more than 255 characters.")
  .regex(/^[-a-zA-Z0-9_]+$/, "Letters, digits, - and _ only.");

export const ZTokenCreate = z
  .object({
    identifier: ZTokenIdentifier,
    intent: z.enum(TOKEN_INTENTS, { error: `Must be one of ${TOKEN_INTENTS.join(", ")}.` }).default("api"),
    /** Only administrators may create tokens for someone else. */
    user: z.number({ error: "Expected a user pk (integer)." }).int().optional(),
    description: z.string({ error: "Expected a string." }).max(1000).default(""),
    expires: z.coerce.date({ error: "Datetime has wrong format." }).nullable().optional(),
    expiring: z.boolean({ error: "Must be a valid boolean." }).default(true),
  })
  .strip()
  .superRefine((value, ctx) => {
    if (value.expiring && value.expires && value.expires.getTime() <= Date.now()) {
      ctx.addIssue({ code: "custom", path: ["expires"], message: "Expiry must be in the future." });
    }
  });
export type TTokenCreate = z.infer<typeof ZTokenCreate>;

export const ZTokenPatch = z
  .object({
    description: z.string({ error: "Expected a string." }).max(1000),
    expires: z.coerce.date({ error: "Datetime has wrong format." }).nullable(),
    expiring: z.boolean({ error: "Must be a valid boolean." }),
  })
  .partial()
  .strip();
export type TTokenPatch = z.infer<typeof ZTokenPatch>;

/** Default lifetime of a new expiring token when no expiry is given (authentik: 30 minutes for API tokens is too short for integrators; Herald uses 1 year). */
export const DEFAULT_TOKEN_LIFETIME_MS = 365 * 24 * 3600 * 1000;
