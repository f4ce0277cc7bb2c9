import { z } from "zod";
import { TOKEN_INTENTS, TOKEN_SCOPES } from "@/db/schema";
import { ZPageParams } from "@/lib/api/pagination";
import { zQueryBool } from "@/lib/api/query-params";
import { zDateTime, zIntPk } from "@/lib/api/zod-fields";

export const ZTokenIdentifier = z
  .string({ error: "This field is required." })
  .trim()
  .min(1, "This field may not be blank.")
  .max(255, "Ensure this field has no more than 255 characters.")
  .regex(/^[-a-zA-Z0-9_]+$/, "Letters, digits, - and _ only.");

/**
 * Herald's `scopes` beside authentik's token shape: a non-empty list of TOKEN_SCOPES. Scopes only
 * narrow what the owner may do; `admin` is all of it.
 */
export const ZTokenScopes = z
  .array(z.enum(TOKEN_SCOPES, { error: `Must be one of ${TOKEN_SCOPES.join(", ")}.` }), {
    error: "Expected a list of scopes.",
  })
  .min(1, "A token needs at least one scope.")
  .max(TOKEN_SCOPES.length * 4);

export const ZTokenCreate = z
  .object({
    identifier: ZTokenIdentifier,
    intent: z.enum(TOKEN_INTENTS, { error: `Must be one of ${TOKEN_INTENTS.join(", ")}.` }).default("api"),
    /** Only administrators may create tokens for someone else. */
    user: zIntPk().optional(),
    description: z.string({ error: "Expected a string." }).max(1000).default(""),
    expires: zDateTime().nullable().optional(),
    expiring: z.boolean({ error: "Must be a valid boolean." }).default(true),
    /** Without it a token acts with its owner's rights, as authentik's tokens do. */
    scopes: ZTokenScopes.default(["admin"]),
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
    expires: zDateTime().nullable(),
    expiring: z.boolean({ error: "Must be a valid boolean." }),
    scopes: ZTokenScopes,
  })
  .partial()
  .strip();
export type TTokenPatch = z.infer<typeof ZTokenPatch>;

/**
 * authentik's UserServiceAccountRequest (`POST /core/users/service_account/`) plus Herald's token
 * `scopes`; a service account exists to send events, so its token defaults to ingest only.
 */
export const ZServiceAccountCreate = z
  .object({
    name: z
      .string({ error: "This field is required." })
      .trim()
      .min(1, "This field may not be blank.")
      .max(150, "Ensure this field has no more than 150 characters.")
      .regex(/^[\w.@+-]+$/, "Enter a valid username. Letters, digits and @/./+/-/_ only."),
    create_group: z.boolean({ error: "Must be a valid boolean." }).default(false),
    expiring: z.boolean({ error: "Must be a valid boolean." }).default(true),
    expires: zDateTime().nullable().optional(),
    scopes: ZTokenScopes.default(["events:write"]),
  })
  .strip()
  .superRefine((value, ctx) => {
    if (value.expiring && value.expires && value.expires.getTime() <= Date.now()) {
      ctx.addIssue({ code: "custom", path: ["expires"], message: "Expiry must be in the future." });
    }
  });
export type TServiceAccountCreate = z.infer<typeof ZServiceAccountCreate>;

/** Default lifetime of a new expiring token when no expiry is given (authentik: 30 minutes for API tokens is too short for integrators; Herald uses 1 year). */
export const DEFAULT_TOKEN_LIFETIME_MS = 365 * 24 * 3600 * 1000;

/** Query of GET /core/tokens/ and the Tokens admin page. */
export const ZTokenListQuery = ZPageParams.extend({
  search: z.string().trim().max(200).optional(),
  identifier: z.string().max(255).optional(),
  intent: z.enum(TOKEN_INTENTS, { error: `Must be one of ${TOKEN_INTENTS.join(", ")}.` }).optional(),
  user__username: z.string().max(150).optional(),
  description: z.string().max(1000).optional(),
  expiring: zQueryBool.optional(),
  managed: z.string().max(200).optional(),
  /** Herald: active = authenticates now; expired; revoked. */
  status: z.enum(["active", "expired", "revoked"], { error: "Must be one of active, expired, revoked." }).optional(),
  ordering: z
    .enum(["identifier", "-identifier", "expires", "-expires", "created", "-created", "last_used", "-last_used"], {
      error: "Ordering must be one of identifier, expires, created, last_used (prefix - for descending).",
    })
    .default("identifier"),
}).strip();
export type TTokenListQuery = z.infer<typeof ZTokenListQuery>;
