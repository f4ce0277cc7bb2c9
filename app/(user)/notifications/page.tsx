import { PageHeader } from "@/components/ui/page-header";
import { requireUserPage } from "@/lib/auth/page-guards";
import { NotificationsView } from "./notifications-view";

export const dynamic = "force-dynamic";

/** The user's whole notification history; the list, filters and live updates run in the browser. */
export default async function NotificationsPage() {
  await requireUserPage();
  return (
    <>
      <PageHeader
        title="Notifications"
        description="Everything Herald's notification rules sent to you, newest first. New ones appear here as they happen."
      />
      <NotificationsView />
    </>
  );
}
