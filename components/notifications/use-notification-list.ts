"use client";

import { useInfiniteQuery } from "@tanstack/react-query";
import { useMemo } from "react";
import { notificationsApi } from "./api";
import { listKey } from "./cache";
import type { TBellFilters } from "./types";

/** Newest first, paged by the server's keyset cursor (never by offset), so deep pages stay fast and stable. */
export function useNotificationList(filters: TBellFilters, options: { pageSize?: number; enabled?: boolean } = {}) {
  const pageSize = options.pageSize ?? 50;
  const query = useInfiniteQuery({
    queryKey: listKey(filters),
    queryFn: ({ pageParam }) => notificationsApi.list(filters, pageParam, pageSize),
    initialPageParam: null as string | null,
    getNextPageParam: (page) => page.pagination.next_cursor ?? undefined,
    enabled: options.enabled ?? true,
    // The live stream keeps loaded lists current; refetching every page on focus would only cost.
    staleTime: Number.POSITIVE_INFINITY,
  });
  const notifications = useMemo(() => query.data?.pages.flatMap((page) => page.results) ?? [], [query.data]);
  return { ...query, notifications };
}
