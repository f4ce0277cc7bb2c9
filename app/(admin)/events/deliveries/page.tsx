import { PackageCheckIcon } from "lucide-react";
import { PageHeader } from "@/components/ui/page-header";
import { getDb } from "@/db/client";
import { parseSearchParams, type TRawSearchParams } from "@/lib/api/search-params";
import { requireAdminPage } from "@/lib/auth/page-guards";
import { deliveryCounts, listDeliveries } from "@/lib/deliveries/queries";
import { ZDeliveryListQuery } from "@/lib/deliveries/validation";
import { env } from "@/lib/env";
import { listRules } from "@/lib/rules/queries";
import { listTransports } from "@/lib/transports/queries";
import { DeliveriesTable } from "./_components/deliveries-table";
import { ReplayDeadButton } from "./_components/replay-dead-button";

export const dynamic = "force-dynamic";

export default async function DeliveriesPage({ searchParams }: { searchParams: Promise<TRawSearchParams> }) {
  await requireAdminPage();
  const query = parseSearchParams(ZDeliveryListQuery, await searchParams);
  const pageSize = Math.min(query.page_size, 100);
  const db = await getDb();
  const [page, counts, transports, rules] = await Promise.all([
    listDeliveries(db, { ...query, page_size: pageSize }),
    deliveryCounts(db),
    listTransports(db, { page: 1, page_size: 500 }),
    listRules(db, { page: 1, page_size: 500 }),
  ]);
  return (
    <>
      <PageHeader
        icon={<PackageCheckIcon />}
        title="Deliveries"
        description={`Every notification Herald sends, one row per rule, transport and recipient. Failed deliveries retry after ${env().HERALD_DELIVERY_RETRY_SCHEDULE}; then they are dead-lettered until replayed.`}
        actions={<ReplayDeadButton dead={counts.dead ?? 0} transport={query.transport} rule={query.rule} />}
      />
      <DeliveriesTable
        data={page.results}
        pagination={page.pagination}
        pageSize={pageSize}
        counts={counts}
        transports={transports.results.map((transport) => ({ value: transport.pk, label: transport.name }))}
        rules={rules.results.map((rule) => ({ value: rule.pk, label: rule.name }))}
      />
    </>
  );
}
