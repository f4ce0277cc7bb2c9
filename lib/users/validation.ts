import { z } from "zod";
import { USER_TYPES } from "@/db/schema";

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
    groups: z.array(z.uuid({ error: "Must be a valid UUID." }), { error: "Expected a list of group UUIDs." }).default([]),
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
