import { and, asc, eq } from "drizzle-orm";
import { z } from "zod";
import type { DbOrTx } from "@/db/client";
import { savedSearches, type TSavedSearch } from "@/db/schema";
import { AppError, withUniqueField } from "@/lib/errors";

export const SAVED_SEARCH_NOT_FOUND = "No saved search matches the given query.";

export const ZSavedSearchCreate = z
  .object({
    name: z.string().trim().min(1, { error: "This field may not be blank." }).max(100, {
      error: "Ensure this field has no more than 100 characters.",
    }),
    query: z.string().trim().min(1, { error: "This field may not be blank." }).max(2000),
  })
  .strip();

export type TSerializedSavedSearch = { uuid: string; name: string; query: string; created: string };

function serialize(row: TSavedSearch): TSerializedSavedSearch {
  return { uuid: row.uuid, name: row.name, query: row.query, created: row.created.toISOString() };
}

/** A user's own saved searches, by name. */
export async function listSavedSearches(db: DbOrTx, userId: number): Promise<TSerializedSavedSearch[]> {
  const rows = await db
    .select()
    .from(savedSearches)
    .where(eq(savedSearches.user, userId))
    .orderBy(asc(savedSearches.name));
  return rows.map(serialize);
}

export async function createSavedSearch(
  db: DbOrTx,
  userId: number,
  input: z.infer<typeof ZSavedSearchCreate>,
): Promise<TSerializedSavedSearch> {
  const [row] = await withUniqueField("name", "You already have a saved search with this name.", () =>
    db.insert(savedSearches).values({ user: userId, name: input.name, query: input.query }).returning(),
  );
  return serialize(row);
}

/** Deletes one of the user's own searches; another user's is answered as not found. */
export async function deleteSavedSearch(db: DbOrTx, userId: number, uuid: string): Promise<void> {
  const rows = await db
    .delete(savedSearches)
    .where(and(eq(savedSearches.uuid, uuid), eq(savedSearches.user, userId)))
    .returning({ uuid: savedSearches.uuid });
  if (!rows.length) throw AppError.notFound(SAVED_SEARCH_NOT_FOUND);
}
