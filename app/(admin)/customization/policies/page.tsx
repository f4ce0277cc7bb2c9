import { ShieldCheckIcon } from "lucide-react";
import { PageHeader } from "@/components/ui/page-header";
import { getDb } from "@/db/client";
import { parseSearchParams, type TRawSearchParams } from "@/lib/api/search-params";
import { requireAdminPage } from "@/lib/auth/page-guards";
import { actionLabel, EVENT_ACTIONS } from "@/lib/events/action-catalogue";
import { listEvents } from "@/lib/events/queries";
import { ZEventListQuery } from "@/lib/events/validation";
import { listPolicies } from "@/lib/policies/queries";
import { ZPolicyListQuery } from "@/lib/policies/validation";
import { userChoices } from "@/lib/users/queries";
import { PoliciesTable } from "./_components/policies-table";
import { PolicyDialogButton } from "./_components/policy-dialog";

export const dynamic = "force-dynamic";

export default async function PoliciesPage({ searchParams }: { searchParams: Promise<TRawSearchParams> }) {
  const actor = await requireAdminPage();
  const query = parseSearchParams(ZPolicyListQuery, await searchParams);
  const pageSize = Math.min(query.page_size, 100);
  const db = await getDb();
  const [page, recent, users] = await Promise.all([
    listPolicies(db, undefined, { ...query, page_size: pageSize }),
    listEvents(db, ZEventListQuery.parse({ page_size: "25" })),
    userChoices(db, 500),
  ]);
  const context = {
    actions: EVENT_ACTIONS.map((action) => ({ value: action, label: `${actionLabel(action)} (${action})` })),
    events: recent.results.map((event) => ({
      value: event.pk,
      label: `${event.action} · ${event.app} · ${String((event.user as { username?: string }).username ?? "anonymous")} · ${new Date(event.created).toLocaleString("en-GB")}`,
    })),
    users: users.map((user) => ({ value: String(user.id), label: user.username })),
    currentUser: String(actor.userId),
  };
  return (
    <>
      <PageHeader
        icon={<ShieldCheckIcon />}
        title="Policies"
        description="Bind policies to notification rules to decide which events notify. Event matchers compare fields; expression policies run JavaScript in a sandbox."
        actions={<PolicyDialogButton context={context} />}
      />
      <PoliciesTable data={page.results} pagination={page.pagination} pageSize={pageSize} context={context} />
    </>
  );
}
