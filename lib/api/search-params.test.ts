import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { z } from "zod";
import { ZPageParams } from "./pagination";
import { zQueryBool } from "./query-params";
import { parseSearchParams } from "./search-params";

const ZQuery = ZPageParams.extend({
  search: z.string().optional(),
  is_active: zQueryBool.optional(),
  tags: z.array(z.string()).optional(),
});

describe("parseSearchParams", () => {
  it("parses valid state, arrays only for array keys", () => {
    assert.deepEqual(parseSearchParams(ZQuery, { page: "2", search: "ann", is_active: "true", tags: "a" }, ["tags"]), {
      page: 2,
      page_size: 100,
      search: "ann",
      is_active: true,
      tags: ["a"],
    });
    assert.deepEqual(parseSearchParams(ZQuery, { search: ["x", "y"] }).search, "x");
  });
  it("drops unparseable parameters instead of failing the page", () => {
    assert.deepEqual(parseSearchParams(ZQuery, { page: "-3", is_active: "maybe", search: "ok" }), {
      page: 1,
      page_size: 100,
      search: "ok",
    });
  });
});
