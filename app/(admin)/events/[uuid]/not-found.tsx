import { NotFoundPanel } from "@/components/layout/not-found-panel";

export default function EventNotFound() {
  return (
    <NotFoundPanel
      title="No event with this ID"
      description="The event log has no such event. It may have passed its retention period, or the link is mistyped."
      href="/events"
      linkLabel="Back to the event log"
    />
  );
}
