import { NotFoundPanel } from "@/components/layout/not-found-panel";

export default function MappingNotFound() {
  return (
    <NotFoundPanel
      title="No webhook mapping with this ID"
      description="There is no such mapping. It may have been deleted, or the link is mistyped."
      href="/customization/mappings"
      linkLabel="Back to webhook mappings"
    />
  );
}
