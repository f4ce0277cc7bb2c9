import { ScrollTextIcon } from "lucide-react";
import { PageHeader } from "@/components/ui/page-header";
import { getDb } from "@/db/client";
import { parseSearchParams, type TRawSearchParams } from "@/lib/api/search-params";
import { requireAdminPage } from "@/lib/auth/page-guards";
import { actionLabel, EVENT_ACTIONS } from "@/lib/events/action-catalogue";
import { listEvents } from "@/lib/events/queries";
import { EVENT_FILTER_ARRAY_KEYS, ZEventListQuery } from "@/lib/events/validation";
import { readSettings } from "@/lib/settings/queries";
import { EventInsights } from "./event-insights";
import { EventsTable } from "./events-table";

export const dynamic = "force-dynamic";
const PAGE_SIZE = 50;

export default async function EventsPage({ searchParams }: { searchParams: Promise<TRawSearchParams> }) {
  await requireAdminPage();
  const raw = await searchParams;
  const query = parseSearchParams(ZEventListQuery, { page_size: String(PAGE_SIZE), ...raw }, EVENT_FILTER_ARRAY_KEYS);
  const pageSize = Math.min(query.page_size, 200);
  const db = await getDb();
  const [page, settings] = await Promise.all([listEvents(db, { ...query, page_size: pageSize }), readSettings(db)]);
  const chartDays = ["1", "7", "30", "90"].includes(String(raw.chart_range)) ? Number(raw.chart_range) : 7;
  return (
    <>
      <PageHeader
        icon={<ScrollTextIcon />}
        title="Event Log"
        description="Everything that happened: sign-ins, changes made by administrators, and events sent by integrations."
      />
      <EventInsights chartDays={chartDays} tileUrl={settings.map_tile_url} />
      <EventsTable
        data={page.results}
        pagination={page.pagination}
        pageSize={pageSize}
        actions={EVENT_ACTIONS.map((action) => ({ value: action, label: actionLabel(action), description: action }))}
      />
    </>
  );
}
