import { PlaceholderPage } from "@/components/layout/placeholder-page";
import { requireAdminPage } from "@/lib/auth/page-guards";

export default async function Page() {
  await requireAdminPage();
  return <PlaceholderPage title="Notification Transports" description="Define how notifications are sent to users, like email or webhook." coming="Local, email, webhook and Slack/Discord transports with a Test button." />;
}
