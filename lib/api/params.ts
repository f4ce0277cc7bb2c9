import { z } from "zod";
import { AppError } from "@/lib/errors";
import { textProblem } from "./untrusted-json";

/** Next.js passes dynamic route segments as a promise. */
export type TParamsContext<K extends string> = { params: Promise<Record<K, string>> };

/** A malformed id in the path is "not found", as for a well-formed id that does not exist. */
export async function uuidParam<K extends string>(ctx: TParamsContext<K>, name: K, notFound: string): Promise<string> {
  const value = (await ctx.params)[name];
  if (!z.uuid().safeParse(value).success) throw AppError.notFound(notFound);
  return value.toLowerCase();
}

export async function intParam<K extends string>(ctx: TParamsContext<K>, name: K, notFound: string): Promise<number> {
  const value = (await ctx.params)[name];
  const parsed = /^\d{1,10}$/.test(value) ? Number(value) : NaN;
  if (!Number.isSafeInteger(parsed) || parsed < 1 || parsed > 2_147_483_647) throw AppError.notFound(notFound);
  return parsed;
}

/**
 * Next.js has already percent-decoded the segment: decoding again would turn `%25` into a bad
 * escape. Text PostgreSQL cannot compare (NUL, lone surrogates) names nothing, so it is not found.
 */
export async function textParam<K extends string>(ctx: TParamsContext<K>, name: K, notFound: string): Promise<string> {
  const value = (await ctx.params)[name];
  if (typeof value !== "string" || value.length > 1000 || textProblem(value)) throw AppError.notFound(notFound);
  return value;
}
