"use client";

import { MenuIcon, XIcon } from "lucide-react";
import { usePathname } from "next/navigation";
import * as React from "react";
import { Button } from "@/components/ui/button";
import { cn } from "@/components/ui/cn";
import type { TActionResult } from "@/lib/server-actions/define-action";
import { Brand } from "./brand";
import { SidebarNav } from "./sidebar";
import { ThemeToggle } from "./theme-toggle";
import { type TShellUser, UserMenu } from "./user-menu";

/**
 * The admin chrome: a fixed sidebar on wide screens, a drawer on narrow ones, and the top bar.
 * `bell` is the slot for the notification bell.
 */
export function AdminShell({
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
  const [open, setOpen] = React.useState(false);
  const pathname = usePathname();
  // biome-ignore lint/correctness/useExhaustiveDependencies: a navigation (a new pathname) closes the mobile menu
  React.useEffect(() => setOpen(false), [pathname]);
  return (
    <div className="min-h-screen">
      <aside
        className={cn(
          "fixed inset-y-0 left-0 z-40 flex w-64 flex-col bg-sidebar text-sidebar-foreground transition-transform lg:translate-x-0",
          open ? "translate-x-0 shadow-xl" : "-translate-x-full",
        )}
      >
        <div className="flex h-14 items-center justify-between px-5 [&_a]:text-sidebar-foreground">
          <Brand />
          <button type="button" className="lg:hidden" aria-label="Close navigation" onClick={() => setOpen(false)}>
            <XIcon className="size-5" />
          </button>
        </div>
        <div className="flex-1 overflow-y-auto">
          <SidebarNav onNavigate={() => setOpen(false)} />
        </div>
      </aside>
      {open && <div className="fixed inset-0 z-30 bg-black/40 lg:hidden" aria-hidden onClick={() => setOpen(false)} />}
      <div className="lg:pl-64">
        <header className="sticky top-0 z-20 flex h-14 items-center gap-2 border-b bg-background/90 px-4 backdrop-blur supports-[backdrop-filter]:bg-background/75 sm:px-6">
          <Button
            variant="ghost"
            size="icon"
            className="lg:hidden"
            aria-label="Open navigation"
            onClick={() => setOpen(true)}
          >
            <MenuIcon />
          </Button>
          <div className="flex-1" />
          {bell}
          <ThemeToggle />
          <UserMenu user={user} signOut={signOut} signOutEverywhere={signOutEverywhere} />
        </header>
        <main className="mx-auto w-full max-w-[1400px] px-4 py-6 sm:px-6 lg:px-8">{children}</main>
      </div>
    </div>
  );
}
