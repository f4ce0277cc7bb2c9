/**
 * A notification as the browser receives it from the notifications API and the live stream
 * (lib/notifications serializes it). `title`/`summary` are Herald's readable text; older rows and
 * rules with a body mapping may have only `body`.
 */
export type TBellNotification = {
  pk: string;
  severity: "notice" | "warning" | "alert";
  body: string;
  title?: string | null;
  summary?: string | null;
  created: string;
  event: { pk: string; action: string; app?: string; context?: Record<string, unknown> } | null;
  seen: boolean;
  hyperlink: string | null;
  hyperlink_label: string | null;
};

export type TBellPage = {
  pagination: { count?: number; next_cursor?: string | null };
  results: TBellNotification[];
};

/** The list filters the page offers; the drawer uses none (newest first, everything). */
export type TBellFilters = {
  seen?: boolean;
  severity?: TBellNotification["severity"];
  createdGte?: string;
  createdLt?: string;
  search?: string;
};

/** What a notification says, in the order Herald prefers: its title, else its body. */
export function notificationTitle(notification: TBellNotification): string {
  return notification.title?.trim() || notification.body;
}

/** The one line under the title (the raw body and context stay behind the "Details" disclosure). */
export function notificationSummary(notification: TBellNotification): string | null {
  const summary = notification.summary?.trim();
  return summary && summary !== notificationTitle(notification) ? summary : null;
}

/** Only http(s) links and same-site paths open from a notification (a rule's hyperlink is admin text). */
const SAFE_LINK = /^(https?:\/\/|\/(?!\/))/i;

/**
 * Where clicking a notification goes: its hyperlink; for administrators without one, the event
 * page; otherwise nowhere.
 */
export function notificationHref(notification: TBellNotification, isAdmin: boolean): string | null {
  if (notification.hyperlink && SAFE_LINK.test(notification.hyperlink)) return notification.hyperlink;
  if (isAdmin && notification.event) return `/events/${notification.event.pk}`;
  return null;
}
