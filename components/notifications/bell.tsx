"use client";

import { useQuery } from "@tanstack/react-query";
import { BellIcon } from "lucide-react";
import Link from "next/link";
import * as React from "react";
import { Button } from "@/components/ui/button";
import { Popover, PopoverContent, PopoverTrigger } from "@/components/ui/popover";
import { RelativeTime } from "@/components/ui/relative-time";

type TBellPage = {
  pagination: { count: number };
  results: { pk: string; body: string; severity: string; created: string }[];
};

/** Unread notifications of the signed-in user, refreshed every 15 s and when the window regains focus. */
export function NotificationBell() {
  const [open, setOpen] = React.useState(false);
  const query = useQuery({
    queryKey: ["bell"],
    queryFn: async (): Promise<TBellPage> => {
      const response = await fetch("/api/v3/events/notifications/?seen=false&page_size=5&ordering=-created");
      if (!response.ok) throw new Error(`Notifications request failed (${response.status})`);
      return response.json();
    },
    refetchInterval: 15_000,
  });
  const unread = query.data?.pagination.count ?? 0;
  return (
    <Popover open={open} onOpenChange={setOpen}>
      <PopoverTrigger asChild>
        <Button
          variant="ghost"
          size="icon"
          className="relative"
          aria-label={unread ? `Notifications (${unread} unread)` : "Notifications"}
        >
          <BellIcon />
          {unread > 0 && (
            <span
              className="absolute -right-0.5 -top-0.5 min-w-4 rounded-full bg-destructive px-1 text-center text-[10px] font-semibold leading-4 text-white"
              data-testid="bell-count"
            >
              {unread > 99 ? "99+" : unread}
            </span>
          )}
        </Button>
      </PopoverTrigger>
      <PopoverContent align="end" className="w-80 p-0">
        <div className="border-b px-3 py-2 text-sm font-medium">Notifications</div>
        {unread === 0 ? (
          <p className="px-3 py-4 text-sm text-muted-foreground">Nothing unread.</p>
        ) : (
          <ul className="max-h-80 divide-y overflow-auto" aria-label="Unread notifications">
            {query.data?.results.map((notification) => (
              <li key={notification.pk} className="px-3 py-2 text-sm">
                <p className="line-clamp-2">{notification.body}</p>
                <p className="text-xs text-muted-foreground">
                  {notification.severity} · <RelativeTime value={notification.created} />
                </p>
              </li>
            ))}
          </ul>
        )}
        <Link
          href="/notifications"
          onClick={() => setOpen(false)}
          className="block border-t px-3 py-2 text-center text-sm hover:bg-accent"
        >
          See all notifications
        </Link>
      </PopoverContent>
    </Popover>
  );
}
