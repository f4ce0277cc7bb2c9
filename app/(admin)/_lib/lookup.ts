import { notFound } from "next/navigation";
import { z } from "zod";
import { isAppError } from "@/lib/errors";

/**
 * Detail pages turn a bad URL into their segment's not-found.tsx: a malformed id never reaches
 * the database, and a lookup that lib reports as missing (AppError "not_found") ends the render.
 */

export function uuidOrNotFound(value: string): string {
  if (!z.uuid().safeParse(value).success) notFound();
  return value;
}

/** A user's primary key: digits only (no "1e3", no spaces) and within PostgreSQL's integer range. */
export function integerIdOrNotFound(value: string): number {
  const id = /^\d{1,10}$/.test(value) ? Number(value) : 0;
  if (id < 1 || id > 2_147_483_647) notFound();
  return id;
}

export async function orNotFound<T>(lookup: Promise<T>): Promise<T> {
  try {
    return await lookup;
  } catch (error) {
    if (isAppError(error) && error.code === "not_found") notFound();
    throw error;
  }
}
