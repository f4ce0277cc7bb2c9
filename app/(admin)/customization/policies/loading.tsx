import { ListPageSkeleton } from "@/components/layout/page-skeleton";

export default function Loading() {
  return <ListPageSkeleton label="policies" columns={5} />;
}
