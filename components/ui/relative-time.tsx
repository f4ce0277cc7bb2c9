"use client";

import { useEffect, useState } from "react";
import { Tooltip } from "./tooltip";

const UNITS: [Intl.RelativeTimeFormatUnit, number][] = [
  ["year", 365 * 24 * 3600],
  ["month", 30 * 24 * 3600],
  ["week", 7 * 24 * 3600],
  ["day", 24 * 3600],
  ["hour", 3600],
  ["minute", 60],
  ["second", 1],
];

export function formatRelative(date: Date, now = Date.now()): string {
  const seconds = Math.round((date.getTime() - now) / 1000);
  if (Math.abs(seconds) < 10) return "just now";
  const format = new Intl.RelativeTimeFormat(undefined, { numeric: "auto" });
  for (const [unit, size] of UNITS) {
    if (Math.abs(seconds) >= size || unit === "second") return format.format(Math.round(seconds / size), unit);
  }
  return "";
}

export function formatAbsolute(date: Date): string {
  return date.toLocaleString(undefined, { dateStyle: "medium", timeStyle: "medium" });
}

/** "3 minutes ago", with the absolute time on hover; renders the ISO time until hydrated (no mismatch). */
export function RelativeTime({ value, showAbsolute = false }: { value: string | Date | null; showAbsolute?: boolean }) {
  const [now, setNow] = useState<number | null>(null);
  useEffect(() => {
    setNow(Date.now());
    const timer = setInterval(() => setNow(Date.now()), 30_000);
    return () => clearInterval(timer);
  }, []);
  if (!value) return <span className="text-muted-foreground">—</span>;
  const date = new Date(value);
  const iso = date.toISOString();
  if (now === null) return <time dateTime={iso}>{iso.replace("T", " ").slice(0, 19)}</time>;
  return (
    <Tooltip content={formatAbsolute(date)}>
      <time dateTime={iso} className="whitespace-nowrap">
        {formatRelative(date, now)}
        {showAbsolute && (
          <span className="block whitespace-normal text-xs text-muted-foreground">{formatAbsolute(date)}</span>
        )}
      </time>
    </Tooltip>
  );
}
