import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { unwrapRing, worldOutline } from "./world-outline";

describe("world outline", () => {
  it("keeps rings that cross the antimeridian in one piece", () => {
    assert.deepEqual(
      unwrapRing([
        [179, 65],
        [-179, 65],
        [-179, 66],
        [179, 66],
      ]),
      [
        [179, 65],
        [181, 65],
        [181, 66],
        [179, 66],
      ],
    );
    assert.deepEqual(
      unwrapRing([
        [10, 50],
        [11, 50],
        [11, 51],
      ]),
      [
        [10, 50],
        [11, 50],
        [11, 51],
      ],
    );
  });
  it("has every country but Antarctica, and no ring spans the whole map", () => {
    const outline = worldOutline();
    assert.ok(outline.features.length > 170);
    assert.equal(
      outline.features.some((item) => item.id === "010"),
      false,
    );
    for (const item of outline.features) {
      const geometry = item.geometry as { type: string; coordinates: number[][][] | number[][][][] };
      const rings = (geometry.type === "Polygon" ? [geometry.coordinates] : geometry.coordinates) as number[][][][];
      for (const polygon of rings)
        for (const ring of polygon) {
          const longs = ring.map(([long]) => long);
          assert.ok(
            Math.max(...longs) - Math.min(...longs) < 200,
            `${String(item.id)} spans ${Math.max(...longs) - Math.min(...longs)}°`,
          );
        }
    }
  });
});
