import { ListPageSkeleton } from "@/components/layout/page-skeleton";

export default function Loading() {
  return <ListPageSkeleton label="notification transports" columns={5} filters={1} />;
}
