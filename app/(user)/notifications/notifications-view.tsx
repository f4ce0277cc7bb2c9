"use client";

import { BellIcon, CheckCheckIcon } from "lucide-react";
import * as React from "react";
import { useNotificationsLive } from "@/components/notifications/live-provider";
import { LoadMore } from "@/components/notifications/load-more";
import { NotificationItem } from "@/components/notifications/notification-item";
import { unreadLabel } from "@/components/notifications/unread-label";
import { useNotificationActions } from "@/components/notifications/use-notification-actions";
import { useNotificationList } from "@/components/notifications/use-notification-list";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { Skeleton } from "@/components/ui/skeleton";
import { BulkBar } from "./bulk-bar";
import { ClearAllButton } from "./clear-all-button";
import { EMPTY_FILTERS, NotificationFilters, type TFilterForm, toApiFilters } from "./notification-filters";

/** The page's list: filters, selection with bulk actions, Clear all, and the infinite list by cursor. */
export function NotificationsView() {
  const { unread, isAdmin } = useNotificationsLive();
  const [form, setForm] = React.useState<TFilterForm>(EMPTY_FILTERS);
  const filters = React.useMemo(() => toApiFilters(form), [form]);
  const list = useNotificationList(filters);
  const actions = useNotificationActions();
  const [selected, setSelected] = React.useState<Set<string>>(new Set());
  const filtered = Object.keys(filters).length > 0;

  // A selection only ever holds rows still shown (filters change, rows get deleted elsewhere).
  const shown = list.notifications;
  React.useEffect(() => {
    setSelected((current) => {
      const visible = new Set(shown.map((notification) => notification.pk));
      const kept = [...current].filter((pk) => visible.has(pk));
      return kept.length === current.size ? current : new Set(kept);
    });
  }, [shown]);

  const toggle = (pk: string, on: boolean) =>
    setSelected((current) => {
      const next = new Set(current);
      if (on) next.add(pk);
      else next.delete(pk);
      return next;
    });
  const onBulk = (run: (pks: string[]) => Promise<unknown>) => {
    const pks = [...selected];
    setSelected(new Set());
    void run(pks);
  };

  return (
    <div className="grid gap-4">
      <NotificationFilters value={form} onChange={setForm} />
      <div className="flex flex-wrap items-center gap-2 text-sm">
        <span className="text-muted-foreground" data-testid="page-unread">
          {unread === undefined ? "" : unreadLabel(unread)}
        </span>
        <div className="ml-auto flex flex-wrap gap-2">
          <Button size="sm" variant="outline" disabled={!unread} onClick={() => void actions.markAllSeen()}>
            <CheckCheckIcon /> Mark all read
          </Button>
          <ClearAllButton disabled={!filtered && shown.length === 0} onConfirm={() => void actions.clearAll()} />
        </div>
      </div>
      <Card className="overflow-hidden p-0">
        <BulkBar
          loaded={shown.length}
          selected={selected.size}
          onSelectAll={(all) => setSelected(all ? new Set(shown.map((notification) => notification.pk)) : new Set())}
          onMarkRead={() => onBulk((pks) => actions.bulkSeen(pks, true))}
          onMarkUnread={() => onBulk((pks) => actions.bulkSeen(pks, false))}
          onDelete={() => onBulk((pks) => actions.bulkDelete(pks))}
        />
        {list.isPending ? (
          <div className="grid gap-3 p-4" role="status">
            <span className="sr-only">Loading notifications…</span>
            <Skeleton className="h-12" />
            <Skeleton className="h-12" />
            <Skeleton className="h-12" />
          </div>
        ) : list.isError ? (
          <p className="p-4 text-sm text-destructive">The notifications could not be loaded. {list.error.message}</p>
        ) : shown.length === 0 ? (
          <EmptyState
            icon={<BellIcon />}
            title={filtered ? "Nothing matches these filters" : "No notifications"}
            description={
              filtered
                ? "Change or clear the filters above to see more."
                : "Herald's notification rules send you notifications here and in the bell: failed sign-ins, policy alerts and other events your administrators chose."
            }
          />
        ) : (
          <ul aria-label="Notifications" className="divide-y">
            {shown.map((notification) => (
              <NotificationItem
                key={notification.pk}
                notification={notification}
                isAdmin={isAdmin}
                onSetSeen={(seen) => void actions.setSeen(notification.pk, seen)}
                onDelete={() => void actions.remove(notification.pk)}
                selected={selected.has(notification.pk)}
                onSelectedChange={(on) => toggle(notification.pk, on)}
              />
            ))}
          </ul>
        )}
        <LoadMore
          hasMore={list.hasNextPage}
          loading={list.isFetchingNextPage}
          onLoad={() => void list.fetchNextPage()}
        />
      </Card>
    </div>
  );
}
