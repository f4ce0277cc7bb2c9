"use client";

import { MailIcon, MailOpenIcon, Trash2Icon } from "lucide-react";
import Link from "next/link";
import { JsonView } from "@/components/events/json-view";
import { Button } from "@/components/ui/button";
import { Checkbox } from "@/components/ui/checkbox";
import { cn } from "@/components/ui/cn";
import { RelativeTime } from "@/components/ui/relative-time";
import { severityLook } from "./severity";
import { notificationHref, notificationSummary, notificationTitle, type TBellNotification } from "./types";

/** Long unbroken tokens (hashes, URLs, JSON) wrap instead of widening the page. */
const WRAP = "min-w-0 [overflow-wrap:anywhere]";

/**
 * One notification, readable: severity icon and word, title (the link), one-line summary, relative
 * time (absolute on hover), the raw body and event context behind "Details", and its actions.
 */
export function NotificationItem({
  notification,
  isAdmin,
  onOpen,
  onSetSeen,
  onDelete,
  selected,
  onSelectedChange,
}: {
  notification: TBellNotification;
  isAdmin: boolean;
  /** Called when the user follows the notification's link (it is then marked read). */
  onOpen?: () => void;
  onSetSeen: (seen: boolean) => void;
  onDelete: () => void;
  selected?: boolean;
  onSelectedChange?: (selected: boolean) => void;
}) {
  const look = severityLook(notification.severity);
  const Icon = look.icon;
  const title = notificationTitle(notification);
  const summary = notificationSummary(notification);
  const href = notificationHref(notification, isAdmin);
  const open = () => {
    if (!notification.seen) onSetSeen(true);
    onOpen?.();
  };
  const external = href !== null && !href.startsWith("/");
  const titleClass = cn("font-medium", WRAP, href && "underline-offset-2 hover:underline");
  return (
    <li
      className={cn("flex items-start gap-3 px-4 py-3", !notification.seen && "bg-accent/40")}
      data-testid="notification-item"
      data-seen={notification.seen}
    >
      {onSelectedChange && (
        <Checkbox
          className="mt-1"
          checked={selected ?? false}
          onCheckedChange={(value) => onSelectedChange(value === true)}
          aria-label={`Select: ${title}`}
        />
      )}
      <Icon className={cn("mt-0.5 size-4 shrink-0", look.className)} aria-hidden />
      <div className={cn("grid flex-1 gap-1 text-sm", WRAP)}>
        {href ? (
          external ? (
            <a href={href} className={titleClass} rel="noopener noreferrer" onClick={open}>
              {title}
            </a>
          ) : (
            <Link href={href} className={titleClass} onClick={open}>
              {title}
            </Link>
          )
        ) : (
          <p className={titleClass}>{title}</p>
        )}
        {summary && <p className={cn("text-muted-foreground", WRAP)}>{summary}</p>}
        <p className="flex flex-wrap items-center gap-x-2 text-xs text-muted-foreground">
          <span className={cn("font-medium", look.className)}>{look.label}</span>
          <span aria-hidden>·</span>
          <RelativeTime value={notification.created} />
          {!notification.seen && (
            <>
              <span aria-hidden>·</span>
              <span className="font-medium text-foreground">unread</span>
            </>
          )}
        </p>
        <details className="text-xs">
          <summary className="w-fit cursor-pointer text-muted-foreground hover:text-foreground">Details</summary>
          <div className="mt-2 grid gap-2">
            <p className={cn("whitespace-pre-wrap font-mono", WRAP)}>{notification.body}</p>
            {notification.event?.context && (
              <JsonView value={notification.event.context} className={cn("max-h-64 whitespace-pre-wrap", WRAP)} />
            )}
          </div>
        </details>
      </div>
      <div className="flex shrink-0">
        <Button
          size="icon"
          variant="ghost"
          className="size-8"
          aria-label={notification.seen ? "Mark as unread" : "Mark as read"}
          title={notification.seen ? "Mark as unread" : "Mark as read"}
          onClick={() => onSetSeen(!notification.seen)}
        >
          {notification.seen ? <MailIcon /> : <MailOpenIcon />}
        </Button>
        <Button
          size="icon"
          variant="ghost"
          className="size-8"
          aria-label="Delete notification"
          title="Delete notification"
          onClick={onDelete}
        >
          <Trash2Icon />
        </Button>
      </div>
    </li>
  );
}
