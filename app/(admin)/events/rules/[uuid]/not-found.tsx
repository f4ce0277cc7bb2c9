import { NotFoundPanel } from "@/components/layout/not-found-panel";

export default function RuleNotFound() {
  return (
    <NotFoundPanel
      title="No notification rule with this ID"
      description="There is no such rule. It may have been deleted, or the link is mistyped."
      href="/events/rules"
      linkLabel="Back to notification rules"
    />
  );
}
