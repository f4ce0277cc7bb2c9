import { inArray } from "drizzle-orm";
import { BellRingIcon } from "lucide-react";
import { PageHeader } from "@/components/ui/page-header";
import { getDb } from "@/db/client";
import { policyBindings } from "@/db/schema";
import { parseSearchParams, type TRawSearchParams } from "@/lib/api/search-params";
import { requireAdminPage } from "@/lib/auth/page-guards";
import { allGroups } from "@/lib/groups/queries";
import { serializeBindings } from "@/lib/policies/binding-queries";
import { listPolicies } from "@/lib/policies/queries";
import { listRules } from "@/lib/rules/queries";
import { ZRuleListQuery } from "@/lib/rules/validation";
import { listTransports } from "@/lib/transports/queries";
import { userChoices } from "@/lib/users/queries";
import { RuleDialogButton } from "./_components/rule-dialog";
import { RulesTable } from "./_components/rules-table";

export const dynamic = "force-dynamic";

export default async function RulesPage({ searchParams }: { searchParams: Promise<TRawSearchParams> }) {
  await requireAdminPage();
  const query = parseSearchParams(ZRuleListQuery, await searchParams);
  const pageSize = Math.min(query.page_size, 100);
  const db = await getDb();
  const [page, transports, groups, policies, users] = await Promise.all([
    listRules(db, { ...query, page_size: pageSize }),
    listTransports(db, { page: 1, page_size: 500 }),
    allGroups(db),
    listPolicies(db, undefined, { page: 1, page_size: 500 }),
    userChoices(db, 500),
  ]);
  const ruleIds = page.results.map((rule) => rule.pk);
  const bindingRows = ruleIds.length
    ? await db.select().from(policyBindings).where(inArray(policyBindings.target, ruleIds))
    : [];
  const bindings = (await serializeBindings(db, bindingRows)).sort((a, b) => a.order - b.order);
  const choices = {
    transports: transports.results.map((transport) => ({
      value: transport.pk,
      label: transport.name,
      description: transport.mode_verbose,
    })),
    groups: groups.map((group) => ({ value: group.uuid, label: group.name })),
    policies: policies.results.map((policy) => ({
      value: policy.pk,
      label: policy.name,
      description: policy.verbose_name,
    })),
    users: users.map((user) => ({ value: String(user.id), label: user.username, description: user.email })),
  };
  return (
    <>
      <PageHeader
        icon={<BellRingIcon />}
        title="Notification Rules"
        description="Send notifications whenever a specific event is created and matched by policies. A rule fires when its bindings pass (any or all); it notifies its group and, optionally, the event's user."
        actions={<RuleDialogButton choices={choices} />}
      />
      <RulesTable
        data={page.results}
        pagination={page.pagination}
        pageSize={pageSize}
        bindings={bindings}
        choices={choices}
      />
    </>
  );
}
