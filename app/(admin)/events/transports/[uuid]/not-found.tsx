import { NotFoundPanel } from "@/components/layout/not-found-panel";

export default function TransportNotFound() {
  return (
    <NotFoundPanel
      title="No notification transport with this ID"
      description="There is no such transport. It may have been deleted, or the link is mistyped."
      href="/events/transports"
      linkLabel="Back to notification transports"
    />
  );
}
