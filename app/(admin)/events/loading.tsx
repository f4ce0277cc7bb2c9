import { CardSkeleton, HeaderSkeleton, PageSkeleton, TableSkeleton } from "@/components/layout/page-skeleton";

export default function Loading() {
  return (
    <PageSkeleton label="the event log">
      <HeaderSkeleton />
      <div className="mb-6 grid gap-4 xl:grid-cols-12">
        <CardSkeleton className="xl:col-span-5" block="h-64 w-full" />
        <CardSkeleton className="xl:col-span-7" block="h-64 w-full" />
      </div>
      <TableSkeleton columns={6} rows={10} search={false} filters={4} />
    </PageSkeleton>
  );
}
