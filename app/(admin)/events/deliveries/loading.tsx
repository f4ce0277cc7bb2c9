import { ListPageSkeleton } from "@/components/layout/page-skeleton";

export default function Loading() {
  return <ListPageSkeleton label="deliveries" columns={7} search={false} filters={3} />;
}
