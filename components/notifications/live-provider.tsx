"use client";

import { useQuery, useQueryClient } from "@tanstack/react-query";
import * as React from "react";
import { notificationsApi } from "./api";
import { LISTS_KEY, loadedNotifications, prependToLists, UNREAD_KEY } from "./cache";
import { showNotificationToast } from "./notification-toast";
import { type TStreamState, useNotificationStream } from "./use-notification-stream";

type TLiveContext = {
  isAdmin: boolean;
  unread: number | undefined;
  streamState: TStreamState;
  /** Marks a change of this tab in flight; the returned function ends it (see reconcile below). */
  beginChange: () => () => void;
};

const LiveContext = React.createContext<TLiveContext | null>(null);

export function useNotificationsLive(): TLiveContext {
  const live = React.useContext(LiveContext);
  if (!live) throw new Error("useNotificationsLive needs a NotificationsLiveProvider above it.");
  return live;
}

/** Whether a provider is already above (the admin chrome's bell brings its own; the user chrome shares one). */
export function useHasNotificationsLive(): boolean {
  return React.useContext(LiveContext) !== null;
}

/** Falls back to the list's count on a server without the unread_count action. */
async function fetchUnread(): Promise<number> {
  try {
    return await notificationsApi.unreadCount();
  } catch {
    const page = await notificationsApi.list({ seen: false }, null, 1);
    return page.pagination.count ?? page.results.length;
  }
}

/**
 * One live connection per tab for the badge, the drawer and the page. New notifications go to
 * the top of every loaded list and raise a toast; the server's `unread` message sets the badge.
 * While this tab's own change is in flight, `unread` messages are held back (they may predate the
 * change) and the count is read once more when the last change settles, so the optimistic badge
 * never falls back to a stale number. Without a stream (it keeps failing) the count is polled.
 */
export function NotificationsLiveProvider({ isAdmin, children }: { isAdmin: boolean; children: React.ReactNode }) {
  const client = useQueryClient();
  const pendingChanges = React.useRef(0);
  const toasted = React.useRef(new Set<string>());
  // New unread rows this tab already put in its lists: the next count may rise by that much without a refetch.
  const arrived = React.useRef(0);

  const streamState = useNotificationStream({
    onNotification: (notification) => {
      if (!notification.seen && !loadedNotifications(client).has(notification.pk)) arrived.current += 1;
      prependToLists(client, notification);
      if (notification.seen || toasted.current.has(notification.pk)) return;
      toasted.current.add(notification.pk);
      showNotificationToast(notification, isAdmin);
    },
    onUnread: (count) => {
      const expected = arrived.current;
      arrived.current = 0;
      if (pendingChanges.current > 0) return;
      const before = client.getQueryData<number>(UNREAD_KEY);
      client.setQueryData(UNREAD_KEY, count);
      // Another tab or an API client changed something: the loaded lists may show old read states.
      if (before !== undefined && count !== before + expected) void client.invalidateQueries({ queryKey: LISTS_KEY });
    },
  });

  const unread = useQuery({
    queryKey: UNREAD_KEY,
    queryFn: fetchUnread,
    staleTime: Number.POSITIVE_INFINITY,
    refetchInterval: streamState === "open" ? false : 15_000,
  });

  // Without the stream, a polled count that moved means the loaded lists are behind: re-read them.
  const polled = React.useRef<number | undefined>(undefined);
  React.useEffect(() => {
    const before = polled.current;
    polled.current = unread.data;
    if (streamState !== "open" && before !== undefined && unread.data !== before && pendingChanges.current === 0) {
      void client.invalidateQueries({ queryKey: LISTS_KEY });
    }
  }, [unread.data, streamState, client]);

  const beginChange = React.useCallback(() => {
    pendingChanges.current += 1;
    let ended = false;
    return () => {
      if (ended) return;
      ended = true;
      pendingChanges.current -= 1;
      if (pendingChanges.current === 0) void client.refetchQueries({ queryKey: UNREAD_KEY });
    };
  }, [client]);

  const value = React.useMemo(
    () => ({ isAdmin, unread: unread.data, streamState, beginChange }),
    [isAdmin, unread.data, streamState, beginChange],
  );
  return <LiveContext.Provider value={value}>{children}</LiveContext.Provider>;
}
