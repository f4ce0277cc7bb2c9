"use client";

import { CheckCheckIcon, CheckIcon, Trash2Icon } from "lucide-react";
import Link from "next/link";
import { useAction } from "@/components/forms/use-action";
import { SEVERITY_TONE } from "@/components/notifications/severity";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { cn } from "@/components/ui/cn";
import { RelativeTime } from "@/components/ui/relative-time";
import { StatusBadge } from "@/components/ui/status-badge";
import type { TSerializedNotification } from "@/lib/notifications/queries";
import { deleteNotificationAction, markAllSeenAction, markSeenAction } from "./actions";

const SAFE_LINK = /^(https?:\/\/|\/(?!\/))/i;

export function NotificationList({
  notifications,
  isAdmin,
  total,
}: {
  notifications: TSerializedNotification[];
  isAdmin: boolean;
  total: number;
}) {
  const seen = useAction(markSeenAction);
  const allSeen = useAction(markAllSeenAction, {
    success: (data) => (data.marked ? `${data.marked} marked as read.` : "Nothing unread."),
  });
  const remove = useAction(deleteNotificationAction, { success: "Notification deleted." });
  const unread = notifications.filter((notification) => !notification.seen).length;
  return (
    <div className="grid gap-3">
      <div className="flex items-center justify-between text-sm text-muted-foreground">
        <span>
          {total} notification(s), {unread} unread on this page
        </span>
        <Button
          variant="outline"
          size="sm"
          onClick={() => void allSeen.run({})}
          disabled={unread === 0 || allSeen.pending}
        >
          <CheckCheckIcon /> Mark all as read
        </Button>
      </div>
      <Card>
        <ul aria-label="Notifications" className="divide-y">
          {notifications.map((notification) => (
            <li
              key={notification.pk}
              className={cn("flex items-start gap-3 p-4", !notification.seen && "bg-accent/40")}
            >
              <div className="grid flex-1 gap-1">
                <div className="flex items-center gap-2 text-xs text-muted-foreground">
                  <StatusBadge tone={SEVERITY_TONE[notification.severity]}>{notification.severity}</StatusBadge>
                  <RelativeTime value={notification.created} />
                  {!notification.seen && <span className="font-medium text-foreground">unread</span>}
                </div>
                <p className="whitespace-pre-wrap break-words text-sm">{notification.body}</p>
                <div className="flex gap-3 text-xs">
                  {notification.hyperlink && SAFE_LINK.test(notification.hyperlink) && (
                    <a className="underline" href={notification.hyperlink} rel="noopener noreferrer">
                      {notification.hyperlink_label || "Open"}
                    </a>
                  )}
                  {isAdmin && notification.event && (
                    <Link className="underline" href={`/events/${notification.event.pk}`}>
                      Show event
                    </Link>
                  )}
                </div>
              </div>
              {!notification.seen && (
                <Button
                  size="icon"
                  variant="ghost"
                  aria-label="Mark as read"
                  onClick={() => void seen.run({ uuid: notification.pk, seen: true })}
                >
                  <CheckIcon />
                </Button>
              )}
              <Button
                size="icon"
                variant="ghost"
                aria-label="Delete notification"
                onClick={() => void remove.run({ uuid: notification.pk })}
              >
                <Trash2Icon />
              </Button>
            </li>
          ))}
        </ul>
      </Card>
    </div>
  );
}
