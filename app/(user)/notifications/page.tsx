import { BellIcon } from "lucide-react";
import { Card } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { requireUserPage } from "@/lib/auth/page-guards";

export default async function NotificationsPage() {
  await requireUserPage();
  return (
    <>
      <PageHeader title="Notifications" description="Notifications sent to you by notification rules." />
      <Card>
        <EmptyState icon={<BellIcon />} title="No notifications" description="You don't have any notifications currently." />
      </Card>
    </>
  );
}
