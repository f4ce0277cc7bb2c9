import { BellIcon } from "lucide-react";
import { Card } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { getDb } from "@/db/client";
import { parseSearchParams, type TRawSearchParams } from "@/lib/api/search-params";
import { requireUserPage } from "@/lib/auth/page-guards";
import { listNotifications } from "@/lib/notifications/queries";
import { ZNotificationListQuery } from "@/lib/notifications/validation";
import { NotificationList } from "./notification-list";

export const dynamic = "force-dynamic";

export default async function NotificationsPage({ searchParams }: { searchParams: Promise<TRawSearchParams> }) {
  const actor = await requireUserPage();
  const query = parseSearchParams(ZNotificationListQuery, { page_size: "50", ...(await searchParams) });
  const page = await listNotifications(await getDb(), actor.userId, query);
  return (
    <>
      <PageHeader title="Notifications" description="Notifications sent to you by notification rules." />
      {page.results.length === 0 ? (
        <Card>
          <EmptyState
            icon={<BellIcon />}
            title="No notifications"
            description="You don't have any notifications currently."
          />
        </Card>
      ) : (
        <NotificationList notifications={page.results} isAdmin={actor.isSuperuser} total={page.pagination.count} />
      )}
    </>
  );
}
