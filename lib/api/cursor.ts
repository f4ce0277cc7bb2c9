import { type AnyColumn, type SQL, sql } from "drizzle-orm";
import { z } from "zod";
import type { TPageParams, TPagination } from "./pagination";

/**
 * Keyset ("cursor") pages for lists that grow deep (events, notifications, deliveries): the cursor
 * names the last row of the previous page by its (created, id) key, so the next page is one index
 * range however deep it is, and rows arriving meanwhile never shift it (an OFFSET page re-reads
 * every row before it). `created` travels as PostgreSQL's own microsecond text: a JavaScript Date
 * keeps milliseconds only, and rounding the key would skip or repeat rows that share a millisecond.
 */
export type TCursor = { at: string; id: string };

const CURSOR_AT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,6})?Z$/;
const CURSOR_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export function encodeCursor(cursor: TCursor): string {
  return Buffer.from(JSON.stringify([cursor.at, cursor.id]), "utf8").toString("base64url");
}

/** The cursor a client sent back, or null when it is not one Herald issued. */
export function decodeCursor(text: string): TCursor | null {
  if (text.length > 200 || !/^[A-Za-z0-9_-]+$/.test(text)) return null;
  try {
    const value: unknown = JSON.parse(Buffer.from(text, "base64url").toString("utf8"));
    if (!Array.isArray(value) || value.length !== 2) return null;
    const [at, id] = value;
    if (typeof at !== "string" || typeof id !== "string") return null;
    if (!CURSOR_AT.test(at) || !CURSOR_ID.test(id) || Number.isNaN(Date.parse(at))) return null;
    return { at, id };
  } catch {
    return null;
  }
}

/** The `cursor` query parameter: Herald's, beside authentik's `page`. */
export const zCursor = () =>
  z
    .string()
    .transform((text, ctx) => {
      const cursor = decodeCursor(text);
      if (!cursor) {
        ctx.addIssue({ code: "custom", message: "Invalid cursor." });
        return z.NEVER;
      }
      return cursor;
    })
    .optional();

/** Selects a timestamptz column as the cursor's microsecond UTC text. */
export function cursorAtSql(created: AnyColumn | SQL): SQL<string> {
  return sql<string>`to_char(${created} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;
}

/**
 * Rows after the cursor in the list's order: newest first (`desc`, the default of every deep
 * list) or oldest first. Written as a row comparison so PostgreSQL uses the (created, id) index.
 */
export function afterCursor(created: AnyColumn, id: AnyColumn, cursor: TCursor, direction: "asc" | "desc"): SQL {
  return direction === "desc"
    ? sql`(${created}, ${id}) < (${cursor.at}::timestamptz, ${cursor.id}::uuid)`
    : sql`(${created}, ${id}) > (${cursor.at}::timestamptz, ${cursor.id}::uuid)`;
}

/**
 * A keyset page: fetch pageSize + 1 rows; the extra one only says whether there is a next page.
 * `keyOf` gives a row's cursor (its `at` selected with cursorAtSql).
 */
export function cursorPage<T>(
  rows: T[],
  pageSize: number,
  keyOf: (row: T) => TCursor,
): { rows: T[]; nextCursor: string | null } {
  const page = rows.slice(0, pageSize);
  const last = page.at(-1);
  return { rows: page, nextCursor: rows.length > pageSize && last ? encodeCursor(keyOf(last)) : null };
}

/**
 * authentik's pagination object for a cursor page. A cursor page does not count the whole list
 * (counting is what makes deep pages slow), so `count` and `total_pages` are -1; page numbers are 0.
 */
export function cursorPagination(
  resultCount: number,
  nextCursor: string | null,
): TPagination & { next_cursor: string | null } {
  return {
    next: 0,
    previous: 0,
    count: -1,
    current: 0,
    total_pages: -1,
    start_index: resultCount === 0 ? 0 : 1,
    end_index: resultCount,
    next_cursor: nextCursor,
  };
}

export type TCursorParams = TPageParams & { cursor?: TCursor };
