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
  const parts = text.split(/[;,]/).map((part) => part.trim()).filter(Boolean);
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
  const ms = parsed.ok ? parsed.milliseconds : (parseDuration(DEFAULT_EVENT_RETENTION) as { milliseconds: number }).milliseconds;
  return new Date(created.getTime() + ms);
}
