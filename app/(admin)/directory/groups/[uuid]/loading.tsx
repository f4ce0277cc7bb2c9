import { CardSkeleton, HeaderSkeleton, PageSkeleton } from "@/components/layout/page-skeleton";

export default function Loading() {
  return (
    <PageSkeleton label="the group">
      <HeaderSkeleton />
      <div className="grid gap-6 lg:grid-cols-5">
        <CardSkeleton className="lg:col-span-3" block="h-72 w-full" />
        <div className="grid content-start gap-6 lg:col-span-2">
          <CardSkeleton block="h-48 w-full" />
          <CardSkeleton lines={2} />
        </div>
      </div>
    </PageSkeleton>
  );
}
