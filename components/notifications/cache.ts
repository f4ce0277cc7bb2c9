import type { InfiniteData, QueryClient } from "@tanstack/react-query";
import type { TBellFilters, TBellNotification, TBellPage } from "./types";

/**
 * The React Query cache of the bell: one unread count and one infinite list per filter set (the
 * drawer's has none). Optimistic updates rewrite every loaded list in place, so the drawer and the
 * page agree at once; the server's unread count then reconciles the badge.
 */
export const UNREAD_KEY = ["notifications", "unread"] as const;
export const LISTS_KEY = ["notifications", "list"] as const;
export const listKey = (filters: TBellFilters) => [...LISTS_KEY, filters] as const;

export type TListData = InfiniteData<TBellPage, string | null>;

/** Whether a notification belongs in a list with these filters (the server's rules, client side). */
export function matchesFilters(notification: TBellNotification, filters: TBellFilters): boolean {
  if (filters.seen !== undefined && notification.seen !== filters.seen) return false;
  if (filters.severity && notification.severity !== filters.severity) return false;
  const created = Date.parse(notification.created);
  if (filters.createdGte && created < Date.parse(filters.createdGte)) return false;
  if (filters.createdLt && created >= Date.parse(filters.createdLt)) return false;
  if (filters.search && !notification.body.toLowerCase().includes(filters.search.toLowerCase())) return false;
  return true;
}

/** Every loaded notification, deduplicated (the same row may be in several lists). */
export function loadedNotifications(client: QueryClient): Map<string, TBellNotification> {
  const byPk = new Map<string, TBellNotification>();
  for (const [, data] of client.getQueriesData<TListData>({ queryKey: LISTS_KEY })) {
    for (const page of data?.pages ?? []) for (const item of page.results) byPk.set(item.pk, item);
  }
  return byPk;
}

/**
 * Rewrites every loaded list: `change` returns the new notification or null to drop it; a row that
 * no longer matches a list's filters leaves that list.
 */
export function rewriteLists(
  client: QueryClient,
  change: (notification: TBellNotification) => TBellNotification | null,
): void {
  for (const [key, data] of client.getQueriesData<TListData>({ queryKey: LISTS_KEY })) {
    if (!data) continue;
    const filters = (key[2] ?? {}) as TBellFilters;
    client.setQueryData<TListData>(key, {
      ...data,
      pages: data.pages.map((page) => ({
        ...page,
        results: page.results.flatMap((item) => {
          const next = change(item);
          return next && matchesFilters(next, filters) ? [next] : [];
        }),
      })),
    });
  }
}

/** Puts a new notification at the top of every loaded list it belongs in (once). */
export function prependToLists(client: QueryClient, notification: TBellNotification): void {
  for (const [key, data] of client.getQueriesData<TListData>({ queryKey: LISTS_KEY })) {
    if (!data?.pages.length) continue;
    const filters = (key[2] ?? {}) as TBellFilters;
    if (!matchesFilters(notification, filters)) continue;
    if (data.pages.some((page) => page.results.some((item) => item.pk === notification.pk))) continue;
    const [first, ...rest] = data.pages;
    client.setQueryData<TListData>(key, {
      ...data,
      pages: [{ ...first, results: [notification, ...first.results] }, ...rest],
    });
  }
}

export function adjustUnread(client: QueryClient, delta: number | "zero"): void {
  client.setQueryData<number>(UNREAD_KEY, (count) =>
    delta === "zero" ? 0 : count === undefined ? count : Math.max(0, count + delta),
  );
}
