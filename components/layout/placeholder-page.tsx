import { ConstructionIcon } from "lucide-react";
import { Card } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";

/** A section whose page has not been built yet: says what will be there. */
export function PlaceholderPage({
  title,
  description,
  coming,
}: {
  title: string;
  description: string;
  coming: string;
}) {
  return (
    <>
      <PageHeader title={title} description={description} />
      <Card>
        <EmptyState icon={<ConstructionIcon />} title="Not available yet" description={coming} />
      </Card>
    </>
  );
}
