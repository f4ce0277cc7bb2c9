import Link from "next/link";
import type * as React from "react";
import { NotificationsLiveProvider } from "@/components/notifications/live-provider";
import type { TActionResult } from "@/lib/server-actions/define-action";
import { Brand } from "./brand";
import { ThemeToggle } from "./theme-toggle";
import { type TShellUser, UserMenu } from "./user-menu";

/**
 * The end-user chrome: no admin sidebar, just the user's own pages. One live notifications
 * connection serves the bell and the notifications page of the tab.
 */
export function UserShell({
  user,
  signOut,
  signOutEverywhere,
  bell,
  children,
}: {
  user: TShellUser;
  signOut: () => Promise<void>;
  signOutEverywhere?: (input?: unknown) => Promise<TActionResult<null>>;
  bell?: React.ReactNode;
  children: React.ReactNode;
}) {
  return (
    <NotificationsLiveProvider isAdmin={user.isSuperuser}>
      <div className="min-h-screen">
        <header className="sticky top-0 z-20 border-b bg-background/90 backdrop-blur">
          <div className="mx-auto flex h-14 max-w-5xl items-center gap-3 px-4 sm:gap-6 sm:px-6">
            <Brand href={user.isSuperuser ? "/" : "/account"} />
            {/* On a phone the user menu carries these links; the header must fit 390 px. */}
            <nav aria-label="Your pages" className="hidden gap-4 sm:flex text-sm text-muted-foreground">
              <Link href="/account" className="hover:text-foreground">
                Account
              </Link>
              <Link href="/notifications" className="hover:text-foreground">
                Notifications
              </Link>
            </nav>
            <div className="flex-1" />
            {bell}
            <ThemeToggle />
            <UserMenu user={user} signOut={signOut} signOutEverywhere={signOutEverywhere} />
          </div>
        </header>
        <main className="mx-auto w-full max-w-5xl px-4 py-8 sm:px-6">{children}</main>
      </div>
    </NotificationsLiveProvider>
  );
}
