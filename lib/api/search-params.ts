import type { z } from "zod";

export type TRawSearchParams = Record<string, string | string[] | undefined>;

/**
 * Page URL state → typed query. Unlike the API (which answers 400), a page drops parameters it
 * cannot parse and shows the rest, so a stale or hand-edited link still opens.
 */
export function parseSearchParams<S extends z.ZodType>(
  schema: S,
  raw: TRawSearchParams,
  arrayKeys: string[] = [],
): z.infer<S> {
  const input: Record<string, string | string[]> = {};
  for (const [key, value] of Object.entries(raw)) {
    if (value === undefined || value === "") continue;
    input[key] = arrayKeys.includes(key)
      ? Array.isArray(value)
        ? value
        : [value]
      : Array.isArray(value)
        ? value[0]
        : value;
  }
  const first = schema.safeParse(input);
  if (first.success) return first.data;
  for (const issue of first.error.issues) delete input[String(issue.path[0])];
  const second = schema.safeParse(input);
  return second.success ? second.data : schema.parse({});
}
