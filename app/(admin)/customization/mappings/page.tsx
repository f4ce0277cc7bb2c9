import { PlaceholderPage } from "@/components/layout/placeholder-page";
import { requireAdminPage } from "@/lib/auth/page-guards";

export default async function Page() {
  await requireAdminPage();
  return <PlaceholderPage title="Property Mappings" description="Webhook mappings that shape notification bodies and headers." coming="Webhook body and header mappings." />;
}
