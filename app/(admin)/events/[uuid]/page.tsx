import { ArrowLeftIcon, ScrollTextIcon } from "lucide-react";
import Link from "next/link";
import { orNotFound, uuidOrNotFound } from "@/app/(admin)/_lib/lookup";
import { EventInfo } from "@/components/events/event-info";
import { EventSummaryCard } from "@/components/events/event-summary-card";
import { JsonView } from "@/components/events/json-view";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardHeader, CardTitle } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page-header";
import { getDb } from "@/db/client";
import { requireAdminPage } from "@/lib/auth/page-guards";
import { actionLabel } from "@/lib/events/action-catalogue";
import { findEvent } from "@/lib/events/queries";
import { serializeEvent } from "@/lib/events/serialize";

export const dynamic = "force-dynamic";

export default async function EventPage({ params }: { params: Promise<{ uuid: string }> }) {
  await requireAdminPage();
  const uuid = uuidOrNotFound((await params).uuid);
  const row = await orNotFound(findEvent(await getDb(), uuid));
  const event = serializeEvent(row);
  return (
    <>
      <PageHeader
        icon={<ScrollTextIcon />}
        title={actionLabel(event.action)}
        description={<span className="font-mono text-xs">Event {event.pk}</span>}
        actions={
          <Button variant="outline" asChild>
            <Link href="/events">
              <ArrowLeftIcon /> Event log
            </Link>
          </Button>
        }
      />
      <div className="grid gap-6 xl:grid-cols-3">
        <EventSummaryCard event={event} />
        <Card className="xl:col-span-2">
          <CardHeader>
            <CardTitle>Details</CardTitle>
          </CardHeader>
          <CardContent>
            <EventInfo event={event} />
          </CardContent>
        </Card>
      </div>
      <Card className="mt-6">
        <CardHeader>
          <CardTitle>Raw event</CardTitle>
        </CardHeader>
        <CardContent>
          <JsonView value={event} />
        </CardContent>
      </Card>
    </>
  );
}
