import type { Feature, FeatureCollection, MultiPolygon, Polygon, Position } from "geojson";
import { feature } from "topojson-client";
import type { GeometryCollection, Topology } from "topojson-specification";
import countries from "world-atlas/countries-110m.json";

/**
 * A ring that crosses the antimeridian (Russia's Chukotka, Fiji) jumps from +180 to -180 and Leaflet
 * would draw a line across the whole map; moving its western half east by 360° keeps it in one piece.
 */
export function unwrapRing(ring: Position[]): Position[] {
  const crosses = ring.some(([long]) => long > 160) && ring.some(([long]) => long < -160);
  return crosses ? ring.map(([long, lat]) => [long < 0 ? long + 360 : long, lat]) : ring;
}

function unwrap(geometry: Polygon | MultiPolygon): Polygon | MultiPolygon {
  if (geometry.type === "Polygon") return { ...geometry, coordinates: geometry.coordinates.map(unwrapRing) };
  return { ...geometry, coordinates: geometry.coordinates.map((polygon) => polygon.map(unwrapRing)) };
}

/** The bundled country outlines (world-atlas 110m), ready for Leaflet; Antarctica left out. */
export function worldOutline(): FeatureCollection {
  const topology = countries as unknown as Topology<{ countries: GeometryCollection }>;
  const collection = feature(topology, topology.objects.countries) as unknown as FeatureCollection<
    Polygon | MultiPolygon
  >;
  return {
    type: "FeatureCollection",
    features: collection.features
      .filter((item) => item.id !== "010")
      .map((item): Feature => ({ ...item, geometry: unwrap(item.geometry) })),
  };
}
