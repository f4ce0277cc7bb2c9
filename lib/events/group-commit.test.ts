import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { groupCommit } from "./group-commit";

/** A writer that records the batches it was given and takes a turn of the event loop per write. */
function recordingWriter(fail?: (item: string) => boolean) {
  const batches: string[][] = [];
  const write = async (items: string[]) => {
    batches.push([...items]);
    await new Promise((resolve) => setTimeout(resolve, 5));
    if (fail && items.some(fail)) throw new Error(`bad item in ${items.join(",")}`);
    return items.map((item) => item.toUpperCase());
  };
  return { batches, write };
}

describe("groupCommit", () => {
  it("writes the first item at once and groups the ones that arrive meanwhile", async () => {
    const { batches, write } = recordingWriter();
    const create = groupCommit(write);
    const results = await Promise.all(["a", "b", "c", "d"].map((item) => create(item)));
    assert.deepEqual(results, ["A", "B", "C", "D"]);
    assert.deepEqual(batches, [["a"], ["b", "c", "d"]]);
  });

  it("caps the batch size", async () => {
    const { batches, write } = recordingWriter();
    const create = groupCommit(write, { maxBatch: 2 });
    await Promise.all(["a", "b", "c", "d", "e"].map((item) => create(item)));
    assert.deepEqual(batches, [["a"], ["b", "c"], ["d", "e"]]);
  });

  it("retries a failed group item by item, so only the bad item fails", async () => {
    const { batches, write } = recordingWriter((item) => item === "bad");
    const create = groupCommit(write);
    const settled = await Promise.allSettled(["a", "b", "bad", "c"].map((item) => create(item)));
    assert.deepEqual(
      settled.map((result) => result.status),
      ["fulfilled", "fulfilled", "rejected", "fulfilled"],
    );
    assert.deepEqual(batches, [["a"], ["b", "bad", "c"], ["b"], ["bad"], ["c"]]);
  });

  it("never puts two items with the same key in one write", async () => {
    const { batches, write } = recordingWriter();
    const create = groupCommit(write, { keyOf: (item) => item.slice(0, 1) });
    await Promise.all(["x1", "k1", "k2", "y1"].map((item) => create(item)));
    assert.deepEqual(batches, [["x1"], ["k1", "y1"], ["k2"]]);
  });
});
