import { CardSkeleton, HeaderSkeleton, PageSkeleton } from "@/components/layout/page-skeleton";

export default function Loading() {
  return (
    <PageSkeleton label="settings">
      <HeaderSkeleton />
      <div className="grid gap-6 lg:grid-cols-3">
        <div className="grid content-start gap-6 lg:col-span-2">
          <CardSkeleton lines={4} />
          <CardSkeleton lines={4} />
        </div>
        <CardSkeleton lines={5} />
      </div>
    </PageSkeleton>
  );
}
