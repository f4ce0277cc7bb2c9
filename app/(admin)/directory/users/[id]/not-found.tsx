import { NotFoundPanel } from "@/components/layout/not-found-panel";

export default function UserNotFound() {
  return (
    <NotFoundPanel
      title="No user with this ID"
      description="There is no such user. It may have been deleted, or the link is mistyped."
      href="/directory/users"
      linkLabel="Back to users"
    />
  );
}
