import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { buildPagination, DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE, offsetOf, paginate, ZPageParams } from "./pagination";

describe("buildPagination", () => {
  const cases: [string, { page: number; page_size: number }, number, number, ReturnType<typeof buildPagination>][] = [
    [
      "empty result",
      { page: 1, page_size: 100 },
      0,
      0,
      { next: 0, previous: 0, count: 0, current: 1, total_pages: 1, start_index: 0, end_index: 0 },
    ],
    [
      "first of three pages",
      { page: 1, page_size: 100 },
      250,
      100,
      { next: 2, previous: 0, count: 250, current: 1, total_pages: 3, start_index: 1, end_index: 100 },
    ],
    [
      "middle page",
      { page: 2, page_size: 100 },
      250,
      100,
      { next: 3, previous: 1, count: 250, current: 2, total_pages: 3, start_index: 101, end_index: 200 },
    ],
    [
      "last, partial page",
      { page: 3, page_size: 100 },
      250,
      50,
      { next: 0, previous: 2, count: 250, current: 3, total_pages: 3, start_index: 201, end_index: 250 },
    ],
    [
      "exactly full pages",
      { page: 2, page_size: 5 },
      10,
      5,
      { next: 0, previous: 1, count: 10, current: 2, total_pages: 2, start_index: 6, end_index: 10 },
    ],
    [
      "page past the end",
      { page: 9, page_size: 10 },
      15,
      0,
      { next: 0, previous: 8, count: 15, current: 9, total_pages: 2, start_index: 0, end_index: 0 },
    ],
    [
      "page size 1",
      { page: 4, page_size: 1 },
      7,
      1,
      { next: 5, previous: 3, count: 7, current: 4, total_pages: 7, start_index: 4, end_index: 4 },
    ],
  ];
  for (const [name, page, count, results, expected] of cases) {
    it(name, () => assert.deepEqual(buildPagination(page, count, results), expected));
  }
});

describe("paginate / offsetOf", () => {
  it("wraps results in authentik's page shape", () => {
    assert.deepEqual(paginate({ page: 1, page_size: 2 }, 3, ["a", "b"]), {
      pagination: { next: 2, previous: 0, count: 3, current: 1, total_pages: 2, start_index: 1, end_index: 2 },
      results: ["a", "b"],
      autocomplete: {},
    });
  });

  it("computes the row offset of a page", () => {
    assert.equal(offsetOf({ page: 1, page_size: 100 }), 0);
    assert.equal(offsetOf({ page: 3, page_size: 25 }), 50);
  });
});

describe("ZPageParams", () => {
  it("defaults and coerces query-string values", () => {
    assert.deepEqual(ZPageParams.parse({}), { page: 1, page_size: DEFAULT_PAGE_SIZE });
    assert.deepEqual(ZPageParams.parse({ page: "3", page_size: "20" }), { page: 3, page_size: 20 });
    assert.deepEqual(ZPageParams.parse({ page_size: String(MAX_PAGE_SIZE) }), { page: 1, page_size: MAX_PAGE_SIZE });
  });

  const invalid: [Record<string, string>, string, RegExp][] = [
    [{ page: "0" }, "page", /^Invalid page\.$/],
    [{ page: "-1" }, "page", /^Invalid page\.$/],
    [{ page: "abc" }, "page", /^A valid integer is required\.$/],
    [{ page: "1.5" }, "page", /integer/i],
    [{ page_size: String(MAX_PAGE_SIZE + 1) }, "page_size", /^Ensure this value is less than or equal to 1000\.$/],
    [{ page_size: "0" }, "page_size", /.+/],
    [{ page_size: "ten" }, "page_size", /^A valid integer is required\.$/],
  ];
  for (const [input, field, message] of invalid) {
    it(`rejects ${JSON.stringify(input)} on ${field}`, () => {
      const result = ZPageParams.safeParse(input);
      assert.equal(result.success, false);
      const issue = result.error?.issues[0];
      assert.deepEqual(issue?.path, [field]);
      assert.match(issue?.message ?? "", message);
    });
  }
});
