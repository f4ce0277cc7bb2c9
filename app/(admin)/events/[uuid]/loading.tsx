import { CardSkeleton, HeaderSkeleton, PageSkeleton } from "@/components/layout/page-skeleton";

export default function Loading() {
  return (
    <PageSkeleton label="the event">
      <HeaderSkeleton actions={1} />
      <div className="grid gap-6 xl:grid-cols-3">
        <CardSkeleton lines={6} />
        <CardSkeleton className="xl:col-span-2" lines={8} />
      </div>
      <CardSkeleton className="mt-6" block="h-64 w-full" />
    </PageSkeleton>
  );
}
