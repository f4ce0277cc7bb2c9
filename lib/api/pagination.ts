import { z } from "zod";
import { INT4_MAX } from "./zod-fields";

export const DEFAULT_PAGE_SIZE = 100;
export const MAX_PAGE_SIZE = 1000;

export const ZPageParams = z.object({
  page: z.coerce
    .number({ error: "A valid integer is required." })
    .int("A valid integer is required.")
    .min(1, "Invalid page.")
    .max(INT4_MAX, "Invalid page.")
    .default(1),
  page_size: z.coerce
    .number({ error: "A valid integer is required." })
    .int()
    .min(1)
    .max(MAX_PAGE_SIZE, `Ensure this value is less than or equal to ${MAX_PAGE_SIZE}.`)
    .default(DEFAULT_PAGE_SIZE),
});
export type TPageParams = z.infer<typeof ZPageParams>;

/** authentik's pagination object; `next`/`previous` are page numbers, 0 when there is none. */
export type TPagination = {
  next: number;
  previous: number;
  count: number;
  current: number;
  total_pages: number;
  start_index: number;
  end_index: number;
};

export type TPaginated<T> = { pagination: TPagination; results: T[]; autocomplete: Record<string, never> };

export function buildPagination(page: TPageParams, count: number, resultCount: number): TPagination {
  const totalPages = Math.max(1, Math.ceil(count / page.page_size));
  const startIndex = resultCount === 0 ? 0 : (page.page - 1) * page.page_size + 1;
  return {
    next: page.page < totalPages ? page.page + 1 : 0,
    previous: page.page > 1 ? page.page - 1 : 0,
    count,
    current: page.page,
    total_pages: totalPages,
    start_index: startIndex,
    end_index: resultCount === 0 ? 0 : startIndex + resultCount - 1,
  };
}

export function paginate<T>(page: TPageParams, count: number, results: T[]): TPaginated<T> {
  return { pagination: buildPagination(page, count, results.length), results, autocomplete: {} };
}

export function offsetOf(page: TPageParams): number {
  return (page.page - 1) * page.page_size;
}
