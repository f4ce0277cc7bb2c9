"use client";

import { BellIcon, LogOutIcon, ShieldIcon, UserIcon } from "lucide-react";
import Link from "next/link";
import { startTransition } from "react";
import { Button } from "@/components/ui/button";
import {
  DropdownMenu,
  DropdownMenuContent,
  DropdownMenuItem,
  DropdownMenuLabel,
  DropdownMenuSeparator,
  DropdownMenuTrigger,
} from "@/components/ui/dropdown-menu";

export type TShellUser = { username: string; email: string; isSuperuser: boolean };

/** `signOut` is the sign-out server action, passed in so that components never import from app/. */
export function UserMenu({ user, signOut }: { user: TShellUser; signOut: () => Promise<void> }) {
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
      </DropdownMenuContent>
    </DropdownMenu>
  );
}
