"use client";

import { useQueryClient } from "@tanstack/react-query";
import * as React from "react";
import { toast } from "sonner";
import { notificationsApi } from "./api";
import { adjustUnread, LISTS_KEY, loadedNotifications, rewriteLists } from "./cache";
import { useNotificationsLive } from "./live-provider";

/**
 * Changes to the user's notifications: each rewrites the loaded lists and the badge at once, then
 * calls the API; a failure says so and re-reads everything (the server is the truth). The badge is
 * reconciled by the live provider when the change settles.
 */
export function useNotificationActions() {
  const client = useQueryClient();
  const { beginChange } = useNotificationsLive();

  return React.useMemo(() => {
    const run = async <T>(optimistic: () => void, request: () => Promise<T>, failure: string): Promise<T | null> => {
      const end = beginChange();
      optimistic();
      try {
        return await request();
      } catch (error) {
        toast.error(`${failure} ${(error as Error).message}`);
        void client.invalidateQueries({ queryKey: LISTS_KEY });
        return null;
      } finally {
        end();
      }
    };
    /** Loaded rows among these whose read state differs from `seen` (others are counted by the reconcile). */
    const changingTo = (pks: string[], seen: boolean) => {
      const loaded = loadedNotifications(client);
      return pks.filter((pk) => {
        const item = loaded.get(pk);
        return item !== undefined && item.seen !== seen;
      }).length;
    };
    const setSeenLocally = (pks: string[], seen: boolean) => {
      const wanted = new Set(pks);
      const changing = changingTo(pks, seen);
      adjustUnread(client, seen ? -changing : changing);
      rewriteLists(client, (item) => (wanted.has(item.pk) ? { ...item, seen } : item));
    };
    const removeLocally = (pks: string[]) => {
      const gone = new Set(pks);
      adjustUnread(client, -changingTo(pks, true));
      rewriteLists(client, (item) => (gone.has(item.pk) ? null : item));
    };

    return {
      setSeen: (pk: string, seen: boolean) =>
        run(
          () => setSeenLocally([pk], seen),
          () => notificationsApi.setSeen(pk, seen),
          "The notification could not be updated.",
        ),
      remove: (pk: string) =>
        run(
          () => removeLocally([pk]),
          () => notificationsApi.remove(pk),
          "The notification could not be deleted.",
        ),
      markAllSeen: () =>
        run(
          () => {
            adjustUnread(client, "zero");
            rewriteLists(client, (item) => ({ ...item, seen: true }));
          },
          notificationsApi.markAllSeen,
          "Could not mark everything as read.",
        ),
      clearSeen: () =>
        run(
          () => rewriteLists(client, (item) => (item.seen ? null : item)),
          notificationsApi.clearSeen,
          "Could not clear the read notifications.",
        ),
      clearAll: () =>
        run(
          () => {
            adjustUnread(client, "zero");
            rewriteLists(client, () => null);
          },
          notificationsApi.clearAll,
          "Could not clear the notifications.",
        ),
      bulkSeen: (pks: string[], seen: boolean) =>
        run(
          () => setSeenLocally(pks, seen),
          () => notificationsApi.bulkSeen(pks, seen),
          "The notifications could not be updated.",
        ),
      bulkDelete: (pks: string[]) =>
        run(
          () => removeLocally(pks),
          () => notificationsApi.bulkDelete(pks),
          "The notifications could not be deleted.",
        ),
    };
  }, [client, beginChange]);
}
