import { CardSkeleton, HeaderSkeleton, PageSkeleton, TableSkeleton } from "@/components/layout/page-skeleton";
import { Skeleton } from "@/components/ui/skeleton";

export default function Loading() {
  return (
    <PageSkeleton label="your account">
      <HeaderSkeleton />
      <div className="grid gap-6 md:grid-cols-2">
        <CardSkeleton block="h-40 w-full" />
        <CardSkeleton block="h-40 w-full" />
      </div>
      <div className="mt-8">
        <div className="mb-3 flex items-end justify-between gap-4">
          <div className="grid gap-2">
            <Skeleton className="h-6 w-40" />
            <Skeleton className="h-4 w-72" />
          </div>
          <Skeleton className="h-9 w-32" />
        </div>
        <TableSkeleton columns={6} rows={3} filters={1} />
      </div>
    </PageSkeleton>
  );
}
