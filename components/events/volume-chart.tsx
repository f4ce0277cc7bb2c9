"use client";

import { useQuery } from "@tanstack/react-query";
import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { Skeleton } from "@/components/ui/skeleton";
import { actionLabel } from "@/lib/events/action-catalogue";
import { chartRows, type TVolumePointJson as TPoint } from "@/lib/events/volume-rows";
import { useEventFilterQuery } from "./filter-query";
import { actionColor } from "./presentation";

export const CHART_RANGES = [
  { value: "1", label: "24 h" },
  { value: "7", label: "7 d" },
  { value: "30", label: "30 d" },
  { value: "90", label: "90 d" },
] as const;

function formatTick(time: number, days: number): string {
  const date = new Date(time);
  return days <= 1
    ? date.toLocaleTimeString(undefined, { hour: "2-digit", minute: "2-digit" })
    : date.toLocaleDateString(undefined, { month: "short", day: "numeric" });
}

export function VolumeChart({ days }: { days: number }) {
  const filters = useEventFilterQuery();
  const query = useQuery({
    queryKey: ["event-volume", days, filters],
    queryFn: async (): Promise<TPoint[]> => {
      const response = await fetch(`/api/v3/events/events/volume/?history_days=${days}${filters ? `&${filters}` : ""}`);
      if (!response.ok) throw new Error(`Volume request failed (${response.status})`);
      return response.json();
    },
    refetchInterval: 60_000,
  });
  if (query.isPending) return <Skeleton className="h-64 w-full" />;
  if (query.isError)
    return (
      <p className="py-16 text-center text-sm text-destructive">Could not load the chart: {query.error.message}</p>
    );
  const { actions, rows } = chartRows(query.data, days);
  const total = query.data.reduce((sum, point) => sum + point.count, 0);
  return (
    <div className="h-64 w-full" data-testid="volume-chart" data-total={total}>
      {total === 0 ? (
        <p className="flex h-full items-center justify-center text-sm text-muted-foreground">
          No events in this period.
        </p>
      ) : (
        <ResponsiveContainer width="100%" height="100%">
          <BarChart data={rows} margin={{ top: 4, right: 4, bottom: 0, left: -16 }}>
            <CartesianGrid strokeDasharray="3 3" vertical={false} stroke="var(--color-border)" />
            <XAxis
              dataKey="time"
              tickFormatter={(time) => formatTick(time, days)}
              tick={{ fontSize: 11, fill: "var(--color-muted-foreground)" }}
              minTickGap={24}
            />
            <YAxis allowDecimals={false} tick={{ fontSize: 11, fill: "var(--color-muted-foreground)" }} />
            <Tooltip
              labelFormatter={(time) => new Date(Number(time)).toLocaleString()}
              contentStyle={{
                background: "var(--color-popover)",
                border: "1px solid var(--color-border)",
                borderRadius: 6,
                fontSize: 12,
              }}
            />
            <Legend wrapperStyle={{ fontSize: 11 }} />
            {actions.map((action) => (
              <Bar
                key={action}
                dataKey={action}
                name={actionLabel(action)}
                stackId="volume"
                fill={actionColor(action)}
                isAnimationActive={false}
              />
            ))}
          </BarChart>
        </ResponsiveContainer>
      )}
    </div>
  );
}
