import { signOutAction } from "@/app/(auth)/actions";
import { signOutEverywhereAction } from "@/app/(auth)/session-actions";
import { UserShell } from "@/components/layout/user-shell";
import { NotificationBell } from "@/components/notifications/bell";
import { requireUserPage } from "@/lib/auth/page-guards";

export default async function UserLayout({ children }: { children: React.ReactNode }) {
  const actor = await requireUserPage();
  return (
    <UserShell
      signOut={signOutAction}
      signOutEverywhere={signOutEverywhereAction}
      bell={<NotificationBell />}
      user={{ username: actor.username, email: actor.email, isSuperuser: actor.isSuperuser }}
    >
      {children}
    </UserShell>
  );
}
