import { PlaceholderPage } from "@/components/layout/placeholder-page";
import { requireAdminPage } from "@/lib/auth/page-guards";

export default async function Page() {
  await requireAdminPage();
  return <PlaceholderPage title="Deliveries" description="Every notification delivery attempt, with retries and replay." coming="The delivery ledger: status, attempts, dead letters and replay." />;
}
