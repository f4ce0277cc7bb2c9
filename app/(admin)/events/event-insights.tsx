"use client";

import { BarChart3Icon, MapIcon } from "lucide-react";
import { useUrlState } from "@/components/data-table/use-url-state";
import { EventMap } from "@/components/events/event-map";
import { CHART_RANGES, VolumeChart } from "@/components/events/volume-chart";
import { Card, CardContent, CardHeader, CardTitle } from "@/components/ui/card";
import { cn } from "@/components/ui/cn";

/** Volume chart and world map over the whole filter (not just the table page). */
export function EventInsights({ chartDays, tileUrl }: { chartDays: number; tileUrl: string }) {
  const { set } = useUrlState();
  return (
    <div className="mb-6 grid gap-4 xl:grid-cols-12">
      <Card className="xl:col-span-5">
        <CardHeader className="flex-row items-center justify-between">
          <CardTitle className="flex items-center gap-2 text-sm">
            <BarChart3Icon className="size-4 text-muted-foreground" /> Volume
          </CardTitle>
          {/* biome-ignore lint/a11y/useSemanticElements: a toggle-button group, not a form fieldset */}
          <div role="group" aria-label="Chart range" className="flex rounded-md border p-0.5">
            {CHART_RANGES.map((range) => (
              <button
                key={range.value}
                type="button"
                aria-pressed={chartDays === Number(range.value)}
                onClick={() => set({ chart_range: range.value }, { replace: true, keepPage: true })}
                className={cn(
                  "rounded px-2 py-0.5 text-xs",
                  chartDays === Number(range.value)
                    ? "bg-primary text-primary-foreground"
                    : "text-muted-foreground hover:text-foreground",
                )}
              >
                {range.label}
              </button>
            ))}
          </div>
        </CardHeader>
        <CardContent>
          <VolumeChart days={chartDays} />
        </CardContent>
      </Card>
      <Card className="xl:col-span-7">
        <CardHeader>
          <CardTitle className="flex items-center gap-2 text-sm">
            <MapIcon className="size-4 text-muted-foreground" /> Where events came from
          </CardTitle>
        </CardHeader>
        <CardContent className="h-64">
          <EventMap
            tileUrl={tileUrl}
            onSelect={(bounds) => set({ geo_bbox: bounds.map((value) => value.toFixed(3)).join(",") })}
          />
        </CardContent>
      </Card>
    </div>
  );
}
