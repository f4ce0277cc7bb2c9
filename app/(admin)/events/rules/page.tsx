import { PlaceholderPage } from "@/components/layout/placeholder-page";
import { requireAdminPage } from "@/lib/auth/page-guards";

export default async function Page() {
  await requireAdminPage();
  return <PlaceholderPage title="Notification Rules" description="Send notifications whenever a specific event is created and matched by policies." coming="Rules, their bound policies, groups and users." />;
}
