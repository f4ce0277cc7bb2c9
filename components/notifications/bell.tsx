"use client";

import { BellDrawer } from "./bell-drawer";
import { NotificationsLiveProvider, useHasNotificationsLive } from "./live-provider";

/**
 * The notification bell for a chrome's header. Inside the user chrome it shares the tab's live
 * connection with the notifications page; elsewhere (the admin chrome) it opens its own. `isAdmin`
 * (without a shared provider) lets notifications without a hyperlink open their event page.
 */
export function NotificationBell({ isAdmin = false }: { isAdmin?: boolean }) {
  const shared = useHasNotificationsLive();
  if (shared) return <BellDrawer />;
  return (
    <NotificationsLiveProvider isAdmin={isAdmin}>
      <BellDrawer />
    </NotificationsLiveProvider>
  );
}
