/** Bucket width for a volume window: hourly up to a day, 6-hourly up to a week (authentik), daily beyond. */
export function volumeBucket(historyDays: number): { seconds: number; label: string } {
  if (historyDays <= 1) return { seconds: 3600, label: "1 hour" };
  if (historyDays <= 7) return { seconds: 6 * 3600, label: "6 hours" };
  return { seconds: 24 * 3600, label: "1 day" };
}
