import { PlaceholderPage } from "@/components/layout/placeholder-page";
import { requireAdminPage } from "@/lib/auth/page-guards";

export default async function Page() {
  await requireAdminPage();
  return <PlaceholderPage title="Policies" description="Event matcher and expression policies that decide which events trigger rules." coming="Event matcher and expression policies with a Test action." />;
}
