import { z } from "zod";
import { ZPageParams } from "@/lib/api/pagination";
import { zQueryBool } from "@/lib/api/query-params";
import { zIntPk, zQueryInt } from "@/lib/api/zod-fields";

const ZGroupName = z
  .string({ error: "This field is required." })
  .trim()
  .min(1, "This field may not be blank.")
  .max(150, "Ensure this field has no more than 150 characters.");

const ZUserPks = z.array(zIntPk(), {
  error: "Expected a list of user pks.",
});

/** authentik 2026 allows several parents; Herald keeps one parent and accepts the list form with at most one entry. */
const ZParents = z
  .array(z.uuid({ error: "Must be a valid UUID." }), { error: "Expected a list of group UUIDs." })
  .max(1, "Herald groups have at most one parent.");

export const ZGroupCreate = z
  .object({
    name: ZGroupName,
    is_superuser: z.boolean({ error: "Must be a valid boolean." }).default(false),
    parent: z.uuid({ error: "Must be a valid UUID." }).nullable().optional(),
    parents: ZParents.optional(),
    users: ZUserPks.default([]),
    attributes: z.record(z.string(), z.unknown(), { error: "Expected a JSON object." }).default({}),
  })
  .strip();
export type TGroupCreate = z.infer<typeof ZGroupCreate>;

export const ZGroupPatch = z
  .object({
    name: ZGroupName,
    is_superuser: z.boolean({ error: "Must be a valid boolean." }),
    parent: z.uuid({ error: "Must be a valid UUID." }).nullable(),
    parents: ZParents,
    users: ZUserPks,
    attributes: z.record(z.string(), z.unknown(), { error: "Expected a JSON object." }),
  })
  .partial()
  .strip();
export type TGroupPatch = z.infer<typeof ZGroupPatch>;

/** The parent as one value, whichever form the client used. */
export function requestedParent(input: { parent?: string | null; parents?: string[] }): string | null | undefined {
  if (input.parents !== undefined) return input.parents[0] ?? null;
  return input.parent;
}

/** Query of GET /core/groups/ and the Groups admin page. */
export const ZGroupListQuery = ZPageParams.extend({
  search: z.string().trim().max(200).optional(),
  name: z.string().max(150).optional(),
  is_superuser: zQueryBool.optional(),
  members_by_pk: z.array(zQueryInt()).optional(),
  members_by_username: z.array(z.string().max(150)).optional(),
  include_users: zQueryBool.optional(),
  include_children: zQueryBool.optional(),
  include_parents: zQueryBool.optional(),
  ordering: z
    .enum(["name", "-name", "is_superuser", "-is_superuser"], {
      error: "Ordering must be name or is_superuser (prefix - for descending).",
    })
    .default("name"),
}).strip();
export type TGroupListQuery = z.infer<typeof ZGroupListQuery>;
export const GROUP_LIST_ARRAY_KEYS = ["members_by_pk", "members_by_username"];

/** Body of /core/groups/{uuid}/add_user/ and remove_user/ (authentik's UserAccountRequest). */
export const ZGroupMember = z.object({ pk: zIntPk() }).strip();
