import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { QueryClient } from "@tanstack/react-query";
import {
  adjustUnread,
  listKey,
  matchesFilters,
  prependToLists,
  rewriteLists,
  type TListData,
  UNREAD_KEY,
} from "./cache";
import type { TBellNotification } from "./types";
import { notificationHref, notificationSummary, notificationTitle } from "./types";

const item = (pk: string, extra: Partial<TBellNotification> = {}): TBellNotification => ({
  pk,
  severity: "warning",
  body: `body ${pk}`,
  created: "2026-12-01T10:00:00.000Z",
  event: null,
  seen: false,
  hyperlink: null,
  hyperlink_label: null,
  ...extra,
});

const pageOf = (results: TBellNotification[]): TListData => ({
  pages: [{ pagination: { next_cursor: null }, results }],
  pageParams: [null],
});

const pks = (client: QueryClient, filters: object) =>
  client.getQueryData<TListData>(listKey(filters))?.pages.flatMap((page) => page.results.map((row) => row.pk));

describe("matchesFilters", () => {
  it("applies read state, severity, the half-open date range and text", () => {
    const row = item("a", { body: "Disk FULL on db-1" });
    assert.equal(matchesFilters(row, {}), true);
    assert.equal(matchesFilters(row, { seen: true }), false);
    assert.equal(matchesFilters(row, { severity: "alert" }), false);
    assert.equal(matchesFilters(row, { createdGte: "2026-12-01T10:00:00.000Z" }), true);
    assert.equal(matchesFilters(row, { createdLt: "2026-12-01T10:00:00.000Z" }), false);
    assert.equal(matchesFilters(row, { search: "disk full" }), true);
    assert.equal(matchesFilters(row, { search: "memory" }), false);
  });
});

describe("the optimistic cache", () => {
  it("marks read in every loaded list and drops rows that leave a filtered one", () => {
    const client = new QueryClient();
    client.setQueryData(listKey({}), pageOf([item("a"), item("b")]));
    client.setQueryData(listKey({ seen: false }), pageOf([item("a"), item("b")]));
    rewriteLists(client, (row) => (row.pk === "a" ? { ...row, seen: true } : row));
    assert.deepEqual(pks(client, {}), ["a", "b"]);
    assert.deepEqual(pks(client, { seen: false }), ["b"]);
  });

  it("puts a new notification on top of the lists it belongs in, once", () => {
    const client = new QueryClient();
    client.setQueryData(listKey({}), pageOf([item("a")]));
    client.setQueryData(listKey({ severity: "alert" }), pageOf([]));
    prependToLists(client, item("n"));
    prependToLists(client, item("n"));
    assert.deepEqual(pks(client, {}), ["n", "a"]);
    assert.deepEqual(pks(client, { severity: "alert" }), []);
  });

  it("never lets the badge go below zero and leaves an unknown count unknown", () => {
    const client = new QueryClient();
    adjustUnread(client, -1);
    assert.equal(client.getQueryData(UNREAD_KEY), undefined);
    client.setQueryData(UNREAD_KEY, 1);
    adjustUnread(client, -3);
    assert.equal(client.getQueryData(UNREAD_KEY), 0);
    adjustUnread(client, 2);
    assert.equal(client.getQueryData(UNREAD_KEY), 2);
    adjustUnread(client, "zero");
    assert.equal(client.getQueryData(UNREAD_KEY), 0);
  });
});

describe("readable text and links", () => {
  it("prefers the title and summary, falls back to the body", () => {
    assert.equal(notificationTitle(item("a")), "body a");
    assert.equal(notificationSummary(item("a")), null);
    const readable = item("b", { title: "Failed sign-in for mallory", summary: "from 81.2.69.142" });
    assert.equal(notificationTitle(readable), "Failed sign-in for mallory");
    assert.equal(notificationSummary(readable), "from 81.2.69.142");
  });

  it("opens safe hyperlinks for everyone and the event page for administrators only", () => {
    const event = { pk: "0b3f6a4e-1c2d-4e5f-8a9b-0c1d2e3f4a5b", action: "login_failed" };
    assert.equal(notificationHref(item("a", { hyperlink: "https://example.test/x" }), false), "https://example.test/x");
    assert.equal(notificationHref(item("a", { hyperlink: "javascript:alert(1)", event }), false), null);
    assert.equal(notificationHref(item("a", { hyperlink: "//evil.test" }), false), null);
    assert.equal(notificationHref(item("a", { event }), true), `/events/${event.pk}`);
    assert.equal(notificationHref(item("a", { event }), false), null);
  });
});
