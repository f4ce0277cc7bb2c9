import { NotFoundPanel } from "@/components/layout/not-found-panel";

export default function PolicyNotFound() {
  return (
    <NotFoundPanel
      title="No policy with this ID"
      description="There is no such policy. It may have been deleted, or the link is mistyped."
      href="/customization/policies"
      linkLabel="Back to policies"
    />
  );
}
