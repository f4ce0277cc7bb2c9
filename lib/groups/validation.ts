import { z } from "zod";

const ZGroupName = z
  .string({ error: "This field is required." })
  .trim()
  .min(1, "This field may not be blank.")
  .max(150, "Ensure this field has no more than 150 characters.");

const ZUserPks = z.array(z.number({ error: "Expected a user pk (integer)." }).int(), {
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
