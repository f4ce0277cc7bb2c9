import { z } from "zod";
import { USER_TYPES } from "@/db/schema";
import { ZPageParams } from "@/lib/api/pagination";
import { zQueryBool } from "@/lib/api/query-params";

/** Shared by the admin forms, server actions and the /api/v3/core/users/ handlers. */
export const ZUsername = z
  .string({ error: "This field is required." })
  .trim()
  .min(1, "This field may not be blank.")
  .max(150, "Ensure this field has no more than 150 characters.")
  .regex(/^[\w.@+-]+$/, "Enter a valid username. Letters, digits and @/./+/-/_ only.");

export const ZEmail = z
  .string({ error: "Enter a valid email address." })
  .trim()
  .max(254, "Ensure this field has no more than 254 characters.")
  .refine((value) => value === "" || z.email().safeParse(value).success, "Enter a valid email address.");

export const ZPassword = z
  .string({ error: "This field is required." })
  .min(8, "Ensure this field has at least 8 characters.")
  .max(1024, "Ensure this field has no more than 1024 characters.");

const ZAttributes = z.record(z.string(), z.unknown(), { error: "Expected a JSON object." });

export const ZUserCreate = z
  .object({
    username: ZUsername,
    name: z.string({ error: "Expected a string." }).trim().max(300).default(""),
    email: ZEmail.default(""),
    is_active: z.boolean({ error: "Must be a valid boolean." }).default(true),
    is_superuser: z.boolean({ error: "Must be a valid boolean." }).default(false),
    password: ZPassword.optional(),
    groups: z
      .array(z.uuid({ error: "Must be a valid UUID." }), { error: "Expected a list of group UUIDs." })
      .default([]),
    attributes: ZAttributes.default({}),
    path: z.string().trim().min(1).max(300).default("users"),
    type: z.enum(USER_TYPES, { error: `Must be one of ${USER_TYPES.join(", ")}.` }).default("internal"),
  })
  .strip();
export type TUserCreate = z.infer<typeof ZUserCreate>;

export const ZUserPatch = z
  .object({
    username: ZUsername,
    name: z.string({ error: "Expected a string." }).trim().max(300),
    email: ZEmail,
    is_active: z.boolean({ error: "Must be a valid boolean." }),
    is_superuser: z.boolean({ error: "Must be a valid boolean." }),
    groups: z.array(z.uuid({ error: "Must be a valid UUID." }), { error: "Expected a list of group UUIDs." }),
    attributes: ZAttributes,
    path: z.string().trim().min(1).max(300),
    type: z.enum(USER_TYPES, { error: `Must be one of ${USER_TYPES.join(", ")}.` }),
  })
  .partial()
  .strip();
export type TUserPatch = z.infer<typeof ZUserPatch>;

export const ZSetPassword = z.object({ password: ZPassword }).strip();

const USER_ORDERINGS = ["username", "name", "email", "is_active", "last_login", "date_joined", "pk"] as const;

/** Query of GET /core/users/ and the Users admin page (authentik's filters Herald can serve). */
export const ZUserListQuery = ZPageParams.extend({
  search: z.string().trim().max(200).optional(),
  username: z.string().max(150).optional(),
  email: z.string().max(254).optional(),
  name: z.string().max(300).optional(),
  path: z.string().max(300).optional(),
  path_startswith: z.string().max(300).optional(),
  is_active: zQueryBool.optional(),
  is_superuser: zQueryBool.optional(),
  type: z.array(z.enum(USER_TYPES, { error: `Must be one of ${USER_TYPES.join(", ")}.` })).optional(),
  groups_by_pk: z.array(z.uuid({ error: "Must be a valid UUID." })).optional(),
  groups_by_name: z.array(z.string().max(150)).optional(),
  include_groups: zQueryBool.optional(),
  ordering: z
    .string()
    .refine((value) => USER_ORDERINGS.includes(value.replace(/^-/, "") as (typeof USER_ORDERINGS)[number]), {
      message: `Ordering must be one of ${USER_ORDERINGS.join(", ")} (prefix - for descending).`,
    })
    .default("username"),
}).strip();
export type TUserListQuery = z.infer<typeof ZUserListQuery>;
export const USER_LIST_ARRAY_KEYS = ["type", "groups_by_pk", "groups_by_name"];

/** What users may change about themselves on /account. */
export const ZOwnProfile = z
  .object({ name: z.string({ error: "Expected a string." }).trim().max(300), email: ZEmail })
  .strip();
export const ZChangeOwnPassword = z
  .object({
    current_password: z.string({ error: "This field is required." }).min(1, "Enter your current password."),
    password: ZPassword,
  })
  .strip()
  .refine((value) => value.current_password !== value.password, {
    path: ["password"],
    message: "The new password must differ from the current one.",
  });
