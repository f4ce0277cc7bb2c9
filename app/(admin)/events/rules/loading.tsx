import { ListPageSkeleton } from "@/components/layout/page-skeleton";

export default function Loading() {
  return <ListPageSkeleton label="notification rules" columns={6} />;
}
