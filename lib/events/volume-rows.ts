import { volumeBucket } from "./volume-bucket";

export type TVolumePointJson = { action: string; time: string; count: number };

/**
 * Chart rows for the volume endpoint's points: one row per bucket across the whole window (zeros
 * included, so quiet periods show as gaps rather than being skipped), one numeric key per action.
 */
export function chartRows(points: TVolumePointJson[], days: number, now = Date.now()) {
  const step = volumeBucket(days).seconds * 1000;
  const actions = [...new Set(points.map((point) => point.action))].sort();
  const zeros = () => Object.fromEntries(actions.map((action) => [action, 0])) as Record<string, number>;
  const start = Math.floor((now - days * 24 * 3600 * 1000) / step) * step;
  const rows = new Map<number, Record<string, number>>();
  for (let time = start; time <= now; time += step) rows.set(time, zeros());
  for (const point of points) {
    const time = new Date(point.time).getTime();
    const row = rows.get(time) ?? zeros();
    row[point.action] = (row[point.action] ?? 0) + point.count;
    rows.set(time, row);
  }
  return {
    actions,
    rows: [...rows.entries()].sort(([a], [b]) => a - b).map(([time, counts]) => ({ time, ...counts })),
  };
}
