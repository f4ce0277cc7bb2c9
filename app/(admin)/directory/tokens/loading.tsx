import { ListPageSkeleton } from "@/components/layout/page-skeleton";

export default function Loading() {
  return <ListPageSkeleton label="tokens" columns={7} filters={1} />;
}
