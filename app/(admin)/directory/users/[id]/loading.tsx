import { CardSkeleton, HeaderSkeleton, PageSkeleton } from "@/components/layout/page-skeleton";

export default function Loading() {
  return (
    <PageSkeleton label="the user">
      <HeaderSkeleton actions={1} />
      <div className="grid gap-6 lg:grid-cols-3">
        <CardSkeleton className="lg:col-span-2" block="h-80 w-full" />
        <div className="grid content-start gap-6">
          <CardSkeleton lines={5} />
          <CardSkeleton lines={3} />
        </div>
      </div>
    </PageSkeleton>
  );
}
