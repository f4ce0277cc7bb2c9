import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { cursorPage, cursorPagination, decodeCursor, encodeCursor, zCursor } from "./cursor";

const KEY = { at: "2026-12-02T10:11:12.345678Z", id: "0b3c2f5e-8a4d-4c1e-9f00-1234567890ab" };

describe("keyset cursors", () => {
  it("round-trips a key with microseconds", () => {
    assert.deepEqual(decodeCursor(encodeCursor(KEY)), KEY);
  });

  it("refuses text it did not issue", () => {
    for (const text of ["", "not base64!", Buffer.from("[1,2]").toString("base64url"), "x".repeat(300)])
      assert.equal(decodeCursor(text), null, text);
    const badId = Buffer.from(JSON.stringify([KEY.at, "'; drop table events; --"])).toString("base64url");
    assert.equal(decodeCursor(badId), null);
    const badAt = Buffer.from(JSON.stringify(["yesterday", KEY.id])).toString("base64url");
    assert.equal(decodeCursor(badAt), null);
  });

  it("answers an invalid cursor with a field message", () => {
    const result = zCursor().safeParse("bogus!");
    assert.equal(result.success, false);
    assert.equal(result.error?.issues[0].message, "Invalid cursor.");
  });

  it("issues a next cursor only when a row beyond the page exists", () => {
    const rows = [1, 2, 3].map((n) => ({ n, key: { ...KEY, id: KEY.id.replace(/.$/, String(n)) } }));
    const full = cursorPage(rows, 2, (row) => row.key);
    assert.deepEqual(
      full.rows.map((row) => row.n),
      [1, 2],
    );
    assert.deepEqual(decodeCursor(full.nextCursor ?? ""), rows[1].key);
    assert.equal(cursorPage(rows, 3, (row) => row.key).nextCursor, null);
    assert.deepEqual(cursorPagination(2, full.nextCursor), {
      next: 0,
      previous: 0,
      count: -1,
      current: 0,
      total_pages: -1,
      start_index: 1,
      end_index: 2,
      next_cursor: full.nextCursor,
    });
  });
});
