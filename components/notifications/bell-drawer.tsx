"use client";

import { BellIcon, CheckCheckIcon, Trash2Icon } from "lucide-react";
import Link from "next/link";
import * as React from "react";
import { Button } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/empty-state";
import { Sheet, SheetContent, SheetDescription, SheetTitle, SheetTrigger } from "@/components/ui/sheet";
import { Skeleton } from "@/components/ui/skeleton";
import { useNotificationsLive } from "./live-provider";
import { LoadMore } from "./load-more";
import { NotificationItem } from "./notification-item";
import { ReconnectingHint } from "./reconnecting-hint";
import { unreadLabel } from "./unread-label";
import { useNotificationActions } from "./use-notification-actions";
import { useNotificationList } from "./use-notification-list";

const NO_FILTERS = {};

/** The bell in the header: the unread badge (announced politely) and the drawer with the user's notifications. */
export function BellDrawer() {
  const [open, setOpen] = React.useState(false);
  const { unread, isAdmin, streamState } = useNotificationsLive();
  const count = unread ?? 0;
  return (
    <div className="flex items-center gap-1">
      <ReconnectingHint state={streamState} />
      <Sheet open={open} onOpenChange={setOpen}>
        <SheetTrigger asChild>
          <Button
            variant="ghost"
            size="icon"
            className="relative"
            aria-label={count ? `Notifications (${count} unread)` : "Notifications"}
          >
            <BellIcon />
            {count > 0 && (
              <span
                className="absolute -right-0.5 -top-0.5 min-w-4 rounded-full bg-destructive px-1 text-center text-[10px] font-semibold leading-4 text-white"
                data-testid="bell-count"
                aria-hidden
              >
                {count > 99 ? "99+" : count}
              </span>
            )}
          </Button>
        </SheetTrigger>
        {/* Always in the page, so screen readers hear each change of the count (and not the first read). */}
        <span role="status" aria-live="polite" className="sr-only" data-testid="bell-announcement">
          {unread === undefined ? "" : unreadLabel(count)}
        </span>
        <SheetContent aria-describedby="bell-drawer-description">
          <BellPanel isAdmin={isAdmin} unread={count} onClose={() => setOpen(false)} />
        </SheetContent>
      </Sheet>
    </div>
  );
}

function BellPanel({ isAdmin, unread, onClose }: { isAdmin: boolean; unread: number; onClose: () => void }) {
  const list = useNotificationList(NO_FILTERS, { pageSize: 20 });
  const actions = useNotificationActions();
  const scroller = React.useRef<HTMLDivElement>(null);
  return (
    <>
      <header className="grid gap-2 border-b px-4 py-3 pr-10">
        <div className="flex items-baseline justify-between gap-2">
          <SheetTitle className="text-base font-semibold">Notifications</SheetTitle>
          <SheetDescription id="bell-drawer-description" className="text-sm text-muted-foreground">
            {unreadLabel(unread)}
          </SheetDescription>
        </div>
        <div className="flex flex-wrap items-center gap-2">
          <Button size="sm" variant="outline" disabled={unread === 0} onClick={() => void actions.markAllSeen()}>
            <CheckCheckIcon /> Mark all read
          </Button>
          <Button
            size="sm"
            variant="outline"
            disabled={list.notifications.length === 0}
            onClick={() => void actions.clearSeen()}
          >
            <Trash2Icon /> Clear read
          </Button>
          <Link href="/notifications" onClick={onClose} className="ml-auto text-sm underline-offset-2 hover:underline">
            See all
          </Link>
        </div>
      </header>
      <div ref={scroller} className="min-h-0 flex-1 overflow-y-auto overflow-x-hidden">
        {list.isPending ? (
          <div className="grid gap-3 p-4" role="status">
            <span className="sr-only">Loading notifications…</span>
            <Skeleton className="h-12" />
            <Skeleton className="h-12" />
            <Skeleton className="h-12" />
          </div>
        ) : list.isError ? (
          <p className="p-4 text-sm text-destructive">The notifications could not be loaded. {list.error.message}</p>
        ) : list.notifications.length === 0 ? (
          <EmptyState
            icon={<BellIcon />}
            title="You're all caught up"
            description="The bell collects what Herald's notification rules send you: failed sign-ins, policy alerts and other events your administrators chose. New ones appear here and pop up as they happen."
          />
        ) : (
          <ul aria-label="Your notifications" className="divide-y">
            {list.notifications.map((notification) => (
              <NotificationItem
                key={notification.pk}
                notification={notification}
                isAdmin={isAdmin}
                onOpen={onClose}
                onSetSeen={(seen) => void actions.setSeen(notification.pk, seen)}
                onDelete={() => void actions.remove(notification.pk)}
              />
            ))}
          </ul>
        )}
        <LoadMore
          hasMore={list.hasNextPage}
          loading={list.isFetchingNextPage}
          onLoad={() => void list.fetchNextPage()}
          root={scroller}
        />
      </div>
    </>
  );
}
