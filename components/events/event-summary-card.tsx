import Link from "next/link";
import { Badge } from "@/components/ui/badge";
import { Card, CardContent, CardHeader, CardTitle } from "@/components/ui/card";
import { RelativeTime } from "@/components/ui/relative-time";
import type { TSerializedEvent } from "@/lib/events/serialize";
import { KeyValues } from "./key-values";
import { actionTone, geoOf } from "./presentation";

/** authentik's "Event info" card: who, what, when, from where. */
export function EventSummaryCard({ event }: { event: TSerializedEvent }) {
  const geo = geoOf(event);
  const asn = event.context.asn as { asn?: number; as_org?: string } | undefined;
  const username = event.user.username;
  return (
    <Card>
      <CardHeader>
        <CardTitle>Event info</CardTitle>
      </CardHeader>
      <CardContent>
        <KeyValues
          rows={[
            [
              "Action",
              <Badge key="a" variant={actionTone(event.action)}>
                {event.action}
              </Badge>,
            ],
            [
              "App",
              <code key="app" className="font-mono text-xs">
                {event.app}
              </code>,
            ],
            [
              "User",
              username ? (
                <span key="u">
                  <Link href={`/events?username=${encodeURIComponent(String(username))}`} className="hover:underline">
                    {String(username)}
                  </Link>
                  {event.user.on_behalf_of?.username && (
                    <span className="block text-xs text-muted-foreground">
                      on behalf of {String(event.user.on_behalf_of.username)}
                    </span>
                  )}
                </span>
              ) : null,
            ],
            ["Created", <RelativeTime key="c" value={event.created} showAbsolute />],
            [
              "Client IP",
              event.client_ip ? (
                <span key="ip">
                  <Link
                    href={`/events?client_ip=${encodeURIComponent(event.client_ip)}`}
                    className="font-mono text-xs hover:underline"
                  >
                    {event.client_ip}
                  </Link>
                  {geo && (
                    <span className="block text-xs text-muted-foreground">
                      {[geo.city, geo.country].filter(Boolean).join(", ")}
                    </span>
                  )}
                  {asn?.as_org && (
                    <span className="block text-xs text-muted-foreground">
                      AS{asn.asn} {asn.as_org}
                    </span>
                  )}
                </span>
              ) : null,
            ],
            ["Brand", event.brand.name ? String(event.brand.name) : null],
            ["Expires", <RelativeTime key="e" value={event.expires} />],
          ]}
        />
      </CardContent>
    </Card>
  );
}
