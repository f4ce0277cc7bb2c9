import { NotFoundPanel } from "@/components/layout/not-found-panel";

export default function GroupNotFound() {
  return (
    <NotFoundPanel
      title="No group with this ID"
      description="There is no such group. It may have been deleted, or the link is mistyped."
      href="/directory/groups"
      linkLabel="Back to groups"
    />
  );
}
