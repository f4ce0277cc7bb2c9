import { BracesIcon } from "lucide-react";
import { PageHeader } from "@/components/ui/page-header";
import { getDb } from "@/db/client";
import { parseSearchParams, type TRawSearchParams } from "@/lib/api/search-params";
import { requireAdminPage } from "@/lib/auth/page-guards";
import { listMappings } from "@/lib/mappings/queries";
import { ZMappingListQuery } from "@/lib/mappings/validation";
import { MappingDialogButton } from "./_components/mapping-dialog";
import { MappingsTable } from "./_components/mappings-table";

export const dynamic = "force-dynamic";

export default async function MappingsPage({ searchParams }: { searchParams: Promise<TRawSearchParams> }) {
  await requireAdminPage();
  const query = parseSearchParams(ZMappingListQuery, await searchParams);
  const pageSize = Math.min(query.page_size, 100);
  const page = await listMappings(await getDb(), { ...query, page_size: pageSize });
  return (
    <>
      <PageHeader
        icon={<BracesIcon />}
        title="Webhook Mappings"
        description="JavaScript that builds a webhook's body or headers from the notification. Pick them in a webhook transport."
        actions={<MappingDialogButton />}
      />
      <MappingsTable data={page.results} pagination={page.pagination} pageSize={pageSize} />
    </>
  );
}
