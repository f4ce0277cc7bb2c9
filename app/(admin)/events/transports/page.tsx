import { SendIcon } from "lucide-react";
import { PageHeader } from "@/components/ui/page-header";
import { getDb } from "@/db/client";
import { parseSearchParams, type TRawSearchParams } from "@/lib/api/search-params";
import { requireAdminPage } from "@/lib/auth/page-guards";
import { listMappings } from "@/lib/mappings/queries";
import { listTransports } from "@/lib/transports/queries";
import { ZTransportListQuery } from "@/lib/transports/validation";
import { TransportDialogButton } from "./_components/transport-dialog";
import { TransportsTable } from "./_components/transports-table";

export const dynamic = "force-dynamic";

export default async function TransportsPage({ searchParams }: { searchParams: Promise<TRawSearchParams> }) {
  await requireAdminPage();
  const query = parseSearchParams(ZTransportListQuery, await searchParams);
  const pageSize = Math.min(query.page_size, 100);
  const db = await getDb();
  const [page, mappings] = await Promise.all([
    listTransports(db, { ...query, page_size: pageSize }),
    listMappings(db, { page: 1, page_size: 500 }),
  ]);
  const mappingOptions = mappings.results.map((mapping) => ({ value: mapping.pk, label: mapping.name }));
  return (
    <>
      <PageHeader
        icon={<SendIcon />}
        title="Notification Transports"
        description="How notifications leave Herald: the in-app bell, email, a generic webhook or Slack/Discord. Rules pick one or more transports."
        actions={<TransportDialogButton mappings={mappingOptions} />}
      />
      <TransportsTable data={page.results} pagination={page.pagination} pageSize={pageSize} mappings={mappingOptions} />
    </>
  );
}
