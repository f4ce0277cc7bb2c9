import { eq } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { settings } from "@/db/schema";

/** authentik's duration format: `unit=value` pairs separated by `;` or `,`, e.g. "weeks=3;days=2". */
const UNIT_MS: Record<string, number> = {
  weeks: 7 * 24 * 3600 * 1000,
  days: 24 * 3600 * 1000,
  hours: 3600 * 1000,
  minutes: 60 * 1000,
  seconds: 1000,
  milliseconds: 1,
  microseconds: 0.001,
};

export const DEFAULT_EVENT_RETENTION = "days=365";

export type TParsedDuration = { ok: true; milliseconds: number } | { ok: false; message: string };

export function parseDuration(text: string): TParsedDuration {
  const parts = text
    .split(/[;,]/)
    .map((part) => part.trim())
    .filter(Boolean);
  if (parts.length === 0) return { ok: false, message: "Enter a duration such as days=365." };
  let total = 0;
  for (const part of parts) {
    const match = /^([a-z]+)\s*=\s*(\d+(?:\.\d+)?)$/.exec(part);
    if (!match) return { ok: false, message: `"${part}" is not of the form unit=value.` };
    const unit = UNIT_MS[match[1]];
    if (unit === undefined) {
      return { ok: false, message: `Unknown unit "${match[1]}"; use ${Object.keys(UNIT_MS).join(", ")}.` };
    }
    total += unit * Number(match[2]);
  }
  if (total <= 0) return { ok: false, message: "The duration must be longer than zero." };
  return { ok: true, milliseconds: total };
}

/** Retention is computed once at insert, as authentik does: changing it never rewrites old rows. */
export function expiryFor(created: Date, retention: string): Date {
  const parsed = parseDuration(retention);
  const ms = parsed.ok
    ? parsed.milliseconds
    : (parseDuration(DEFAULT_EVENT_RETENTION) as { milliseconds: number }).milliseconds;
  return new Date(created.getTime() + ms);
}

/**
 * The `event_retention` setting as stored in the settings table; the default when it is unset or
 * invalid. The event log reads it itself so that writing events depends on no domain above it.
 */
export async function readEventRetention(db: DbOrTx): Promise<string> {
  const [row] = await db.select({ value: settings.value }).from(settings).where(eq(settings.key, "event_retention"));
  const value = typeof row?.value === "string" ? row.value.trim() : "";
  return value && parseDuration(value).ok ? value : DEFAULT_EVENT_RETENTION;
}

/**
 * Read on every event insert, so cached for a few seconds per process: a change made in this
 * process is seen at once (the settings write clears the cache), one made by another process within
 * the TTL. Reads inside a transaction bypass the cache (they may see uncommitted values).
 */
const CACHE_TTL_MS = 5000;
let cached: { value: string; expires: number } | undefined;

const isTransaction = (db: DbOrTx) => typeof (db as { rollback?: unknown }).rollback === "function";

export async function eventRetentionCached(db: DbOrTx): Promise<string> {
  if (cached && cached.expires > Date.now()) return cached.value;
  const value = await readEventRetention(db);
  if (!isTransaction(db)) cached = { value, expires: Date.now() + CACHE_TTL_MS };
  return value;
}

export function forgetCachedEventRetention(): void {
  cached = undefined;
}
