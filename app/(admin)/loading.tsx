import { CardSkeleton, HeaderSkeleton, PageSkeleton } from "@/components/layout/page-skeleton";

/** The dashboard's; deeper admin segments have their own, shaped like their pages. */
export default function Loading() {
  return (
    <PageSkeleton label="the dashboard">
      <HeaderSkeleton />
      <div className="grid gap-4 sm:grid-cols-2 xl:grid-cols-4">
        {Array.from({ length: 4 }, (_, index) => (
          <CardSkeleton key={index} block="h-9 w-24" />
        ))}
      </div>
    </PageSkeleton>
  );
}
