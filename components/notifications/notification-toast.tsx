"use client";

import { toast } from "sonner";
import { notificationHref, notificationSummary, notificationTitle, type TBellNotification } from "./types";

const SHOW = { notice: toast.info, warning: toast.warning, alert: toast.error } as const;

/** A toast for a notification that just arrived: its severity, title, summary and link. */
export function showNotificationToast(notification: TBellNotification, isAdmin: boolean): void {
  const href = notificationHref(notification, isAdmin);
  const summary = notificationSummary(notification);
  const show = SHOW[notification.severity] ?? toast.info;
  show(notificationTitle(notification), {
    id: `notification-${notification.pk}`,
    duration: notification.severity === "alert" ? 15_000 : 8_000,
    classNames: { title: "[overflow-wrap:anywhere]", description: "[overflow-wrap:anywhere]" },
    description:
      summary || href ? (
        <span className="grid gap-1">
          {summary && <span>{summary}</span>}
          {href && (
            <a className="font-medium underline" href={href} rel="noopener noreferrer">
              {notification.hyperlink_label || (notification.hyperlink ? "Open" : "Show event")}
            </a>
          )}
        </span>
      ) : undefined,
  });
}
