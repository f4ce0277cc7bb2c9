/**
 * The delivery retry schedule: "30s,2m,10m,1h,6h" means the first attempt at once, then retries
 * 30 s, 2 min, … after each failure; a delivery that fails its last attempt is dead-lettered.
 */
const UNIT_MS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };

export function parseRetrySchedule(text: string): number[] {
  const parts = text
    .split(",")
    .map((part) => part.trim())
    .filter(Boolean);
  return parts.map((part) => {
    const match = /^(\d+(?:\.\d+)?)(ms|s|m|h|d)$/.exec(part);
    if (!match) throw new Error(`"${part}" is not a delay like 30s, 2m, 1h or 1d (HERALD_DELIVERY_RETRY_SCHEDULE).`);
    return Math.round(Number(match[1]) * UNIT_MS[match[2]]);
  });
}

/** Attempts a delivery gets: the first one plus one per scheduled retry. */
export function maxAttemptsOf(schedule: number[]): number {
  return schedule.length + 1;
}

/** Delay before the attempt after `attempt` (1-based), or null when it was the last one. */
export function delayAfterAttempt(schedule: number[], attempt: number): number | null {
  return attempt <= schedule.length ? schedule[attempt - 1] : null;
}
