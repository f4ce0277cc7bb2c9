"use client";

import { BellIcon, LogOutIcon, MonitorXIcon, ShieldIcon, UserIcon } from "lucide-react";
import Link from "next/link";
import { startTransition } from "react";
import { toast } from "sonner";
import { Button } from "@/components/ui/button";
import {
  DropdownMenu,
  DropdownMenuContent,
  DropdownMenuItem,
  DropdownMenuLabel,
  DropdownMenuSeparator,
  DropdownMenuTrigger,
} from "@/components/ui/dropdown-menu";
import type { TActionResult } from "@/lib/server-actions/define-action";

export type TShellUser = { username: string; email: string; isSuperuser: boolean };

/**
 * `signOut` and `signOutEverywhere` are server actions, passed in so that components never import
 * from app/. Signing out everywhere also ends this session, so it ends on the sign-in page.
 */
export function UserMenu({
  user,
  signOut,
  signOutEverywhere,
}: {
  user: TShellUser;
  signOut: () => Promise<void>;
  signOutEverywhere?: (input?: unknown) => Promise<TActionResult<null>>;
}) {
  const onSignOutEverywhere = (action: NonNullable<typeof signOutEverywhere>) =>
    startTransition(async () => {
      const result = await action().catch(() => null);
      if (result?.ok) window.location.assign("/login?signed_out=1");
      else toast.error(result?.message ?? "The server could not be reached. Check your connection and try again.");
    });
  return (
    <DropdownMenu>
      <DropdownMenuTrigger asChild>
        <Button variant="ghost" className="gap-2 px-2" aria-label="User menu">
          <span className="flex size-7 items-center justify-center rounded-full bg-primary/15 text-xs font-semibold uppercase text-primary">
            {user.username.slice(0, 2)}
          </span>
          <span className="hidden max-w-40 truncate text-sm sm:inline">{user.username}</span>
        </Button>
      </DropdownMenuTrigger>
      <DropdownMenuContent align="end" className="w-56">
        <DropdownMenuLabel>
          <span className="block truncate text-sm font-medium text-foreground">{user.username}</span>
          {user.email && <span className="block truncate font-normal">{user.email}</span>}
        </DropdownMenuLabel>
        <DropdownMenuSeparator />
        <DropdownMenuItem asChild>
          <Link href="/account">
            <UserIcon /> Account
          </Link>
        </DropdownMenuItem>
        <DropdownMenuItem asChild>
          <Link href="/notifications">
            <BellIcon /> Notifications
          </Link>
        </DropdownMenuItem>
        {user.isSuperuser && (
          <DropdownMenuItem asChild>
            <Link href="/">
              <ShieldIcon /> Admin interface
            </Link>
          </DropdownMenuItem>
        )}
        <DropdownMenuSeparator />
        {/* Called directly: a <form> inside the menu would unmount before it submits. */}
        <DropdownMenuItem onSelect={() => startTransition(() => signOut())}>
          <LogOutIcon /> Sign out
        </DropdownMenuItem>
        {signOutEverywhere && (
          <DropdownMenuItem onSelect={() => onSignOutEverywhere(signOutEverywhere)}>
            <MonitorXIcon /> Sign out everywhere
          </DropdownMenuItem>
        )}
      </DropdownMenuContent>
    </DropdownMenu>
  );
}
