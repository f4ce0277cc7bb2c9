import { and, count, isNotNull, sql } from "drizzle-orm";
import { type DbOrTx, rowsOf } from "@/db/client";
import { events } from "@/db/schema";
import { eventFilters } from "./queries";
import type { TMapQuery } from "./validation";

export type TMapCluster = {
  lat: number;
  long: number;
  count: number;
  country: string | null;
  /** [minLat, minLong, maxLat, maxLong]: becomes the list's geo_bbox filter when clicked. */
  bounds: [number, number, number, number];
};
export type TMapResult = {
  zoom: number;
  cell_degrees: number;
  clusters: TMapCluster[];
  located: number;
  total: number;
};

/** Grid cell edge in degrees: about 32 px on a 256 px tile at this zoom, so clusters don't overlap. */
export function cellDegrees(zoom: number): number {
  return 360 / 2 ** zoom / 8;
}

export const MAX_CLUSTERS = 5000;

/**
 * Clusters every geolocated event matching the filters (the whole filter, not a page), on a grid
 * whose cells shrink as the map zooms in; each cluster sits at its events' mean position.
 */
export async function eventMapClusters(db: DbOrTx, query: TMapQuery): Promise<TMapResult> {
  const cell = cellDegrees(query.zoom);
  const where = eventFilters(query);
  const located = and(where, isNotNull(events.geoLat));
  const [rows, [{ total }]] = await Promise.all([
    db.execute(sql`
      select count(*) as n, avg(${events.geoLat}) as lat, avg(${events.geoLong}) as long,
             min(${events.geoLat}) as min_lat, min(${events.geoLong}) as min_long,
             max(${events.geoLat}) as max_lat, max(${events.geoLong}) as max_long,
             mode() within group (order by ${events.geoCountry}) as country
        from ${events} where ${located}
       group by floor(${events.geoLat} / ${cell}), floor(${events.geoLong} / ${cell})
       order by n desc limit ${MAX_CLUSTERS}`),
    db.select({ total: count() }).from(events).where(where),
  ]);
  const clusters = rowsOf<Record<string, number | string | null>>(rows).map((row) => ({
    lat: Number(row.lat),
    long: Number(row.long),
    count: Number(row.n),
    country: (row.country as string | null) ?? null,
    bounds: [Number(row.min_lat), Number(row.min_long), Number(row.max_lat), Number(row.max_long)] as [
      number,
      number,
      number,
      number,
    ],
  }));
  return {
    zoom: query.zoom,
    cell_degrees: cell,
    clusters,
    located: clusters.reduce((sum, cluster) => sum + cluster.count, 0),
    total,
  };
}
