import { signOutAction } from "@/app/(auth)/actions";
import { signOutEverywhereAction } from "@/app/(auth)/session-actions";
import { AdminShell } from "@/components/layout/admin-shell";
import { NotificationBell } from "@/components/notifications/bell";
import { requireAdminPage } from "@/lib/auth/page-guards";

/** Chrome for administrators. The guard here is for rendering; every page and action checks again. */
export default async function AdminLayout({ children }: { children: React.ReactNode }) {
  const actor = await requireAdminPage();
  return (
    <AdminShell
      signOut={signOutAction}
      signOutEverywhere={signOutEverywhereAction}
      bell={<NotificationBell isAdmin />}
      user={{ username: actor.username, email: actor.email, isSuperuser: true }}
    >
      {children}
    </AdminShell>
  );
}
