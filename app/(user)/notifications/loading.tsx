import { HeaderSkeleton, PageSkeleton, StackSkeleton } from "@/components/layout/page-skeleton";
import { Skeleton } from "@/components/ui/skeleton";

export default function Loading() {
  return (
    <PageSkeleton label="your notifications">
      <HeaderSkeleton />
      <div className="grid gap-3">
        <div className="flex items-center justify-between">
          <Skeleton className="h-4 w-56" />
          <Skeleton className="h-8 w-36" />
        </div>
        <StackSkeleton rows={5} />
      </div>
    </PageSkeleton>
  );
}
