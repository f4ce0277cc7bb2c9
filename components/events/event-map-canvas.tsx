"use client";

import "leaflet/dist/leaflet.css";
import { useQuery } from "@tanstack/react-query";
import { useMemo, useState } from "react";
import { CircleMarker, GeoJSON, MapContainer, TileLayer, Tooltip, useMapEvents } from "react-leaflet";
import type { TMapResult } from "@/lib/events/map";
import { useEventFilterQuery } from "./filter-query";
import { worldOutline } from "./world-outline";

/** The bundled outline: the map works offline. */
const WORLD = worldOutline();

function ZoomWatcher({ onZoom }: { onZoom: (zoom: number) => void }) {
  useMapEvents({ zoomend: (event) => onZoom(event.target.getZoom()) });
  return null;
}

export function EventMapCanvas({
  tileUrl,
  onSelect,
}: {
  tileUrl: string;
  onSelect: (bounds: [number, number, number, number]) => void;
}) {
  const filters = useEventFilterQuery();
  const [zoom, setZoom] = useState(1);
  const query = useQuery({
    queryKey: ["event-map", zoom, filters],
    queryFn: async (): Promise<TMapResult> => {
      const response = await fetch(`/api/v3/events/events/map/?zoom=${zoom}${filters ? `&${filters}` : ""}`);
      if (!response.ok) throw new Error(`Map request failed (${response.status})`);
      return response.json();
    },
    placeholderData: (previous) => previous,
  });
  const clusters = query.data?.clusters ?? [];
  const largest = useMemo(() => Math.max(1, ...clusters.map((cluster) => cluster.count)), [clusters]);
  const half = (query.data?.cell_degrees ?? 1) / 2;
  return (
    <div
      className="relative h-full w-full"
      data-testid="event-map"
      data-clusters={clusters.length}
      data-located={query.data?.located ?? 0}
    >
      <MapContainer
        center={[25, 10]}
        zoom={1}
        minZoom={1}
        maxZoom={12}
        worldCopyJump
        className="h-full w-full rounded-md"
        style={{ background: "var(--map-sea)" }}
        attributionControl={Boolean(tileUrl)}
      >
        {tileUrl ? (
          <TileLayer url={tileUrl} />
        ) : (
          <GeoJSON
            data={WORLD}
            style={{ color: "var(--map-border)", weight: 0.6, fillColor: "var(--map-land)", fillOpacity: 1 }}
            interactive={false}
          />
        )}
        <ZoomWatcher onZoom={setZoom} />
        {clusters.map((cluster) => (
          <CircleMarker
            key={`${cluster.lat},${cluster.long}`}
            center={[cluster.lat, cluster.long]}
            radius={6 + 16 * Math.sqrt(cluster.count / largest)}
            pathOptions={{ color: "#1d4ed8", weight: 1.5, fillColor: "#3b82f6", fillOpacity: 0.55 }}
            eventHandlers={{
              click: () =>
                onSelect([
                  cluster.bounds[0] - half,
                  cluster.bounds[1] - half,
                  cluster.bounds[2] + half,
                  cluster.bounds[3] + half,
                ]),
            }}
          >
            <Tooltip>
              {cluster.country ?? "Unknown"}: {cluster.count.toLocaleString()} event{cluster.count === 1 ? "" : "s"} —
              click to filter
            </Tooltip>
          </CircleMarker>
        ))}
      </MapContainer>
      {query.data && (
        <p className="pointer-events-none absolute bottom-2 left-2 z-[400] rounded bg-background/85 px-2 py-1 text-xs text-muted-foreground shadow-sm">
          {query.data.located.toLocaleString()} of {query.data.total.toLocaleString()} events located
        </p>
      )}
      {query.isError && (
        <p className="absolute inset-x-0 top-2 z-[400] text-center text-sm text-destructive">
          Could not load the map: {query.error.message}
        </p>
      )}
    </div>
  );
}
