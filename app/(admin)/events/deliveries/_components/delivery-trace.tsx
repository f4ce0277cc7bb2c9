"use client";

import { RotateCcwIcon } from "lucide-react";
import Link from "next/link";
import * as React from "react";
import { useAction } from "@/components/forms/use-action";
import { Button } from "@/components/ui/button";
import { RelativeTime } from "@/components/ui/relative-time";
import type { TDeliveryTrace } from "@/lib/deliveries/queries";
import type { TSerializedDelivery } from "@/lib/deliveries/serialize";
import { deliveryTraceAction, replayDeliveryAction } from "../actions";

/** event → rule decision → attempts, loaded when a row is expanded. */
export function DeliveryTrace({ delivery }: { delivery: TSerializedDelivery }) {
  const [trace, setTrace] = React.useState<TDeliveryTrace | null>(null);
  const load = useAction(deliveryTraceAction, { refresh: false, onSuccess: setTrace });
  const replay = useAction(replayDeliveryAction, { success: "Delivery queued again." });
  // biome-ignore lint/correctness/useExhaustiveDependencies: reload when the delivery changes; `load` is a new object every render
  React.useEffect(() => {
    void load.run({ uuid: delivery.pk });
  }, [delivery.pk, delivery.updated]);
  if (!trace) return <p className="p-2 text-sm text-muted-foreground">Loading the trace…</p>;
  return (
    // biome-ignore lint/a11y/useAriaPropsSupportedByRole: the label names the expanded trace for tests and screen readers alike
    <div className="grid gap-3 p-2 text-sm" aria-label="Delivery trace">
      <ol className="grid gap-2">
        <li>
          <span className="font-medium">1. Event</span>{" "}
          {trace.event_obj ? (
            <Link className="hover:underline" href={`/events/${trace.event_obj.pk}`}>
              {trace.event_obj.action} from {trace.event_obj.app}
            </Link>
          ) : (
            <span className="text-muted-foreground">deleted by retention</span>
          )}
        </li>
        <li>
          <span className="font-medium">2. Rule</span> {trace.rule_name ?? "deleted"}
          {trace.rule_decision && (
            <span className="text-muted-foreground">
              {" "}
              — {trace.rule_decision.passing ? "passed" : "did not pass"}, {trace.rule_decision.recipients} recipient(s)
              {trace.rule_decision.messages.length > 0 && `: ${trace.rule_decision.messages.join("; ")}`}
            </span>
          )}
        </li>
        <li>
          <span className="font-medium">3. Attempts</span> through {trace.transport_name ?? "a deleted transport"} to{" "}
          {trace.username ?? "a deleted user"} (webhook-id <code className="text-xs">{trace.webhook_id}</code>)
          <table className="mt-1 w-full text-xs" aria-label="Attempts">
            <thead className="text-left text-muted-foreground">
              <tr>
                <th>#</th>
                <th>When</th>
                <th>Result</th>
                <th>Duration</th>
                <th>Detail</th>
              </tr>
            </thead>
            <tbody>
              {trace.attempts_log.map((attempt) => (
                <tr key={`${attempt.attempt}-${attempt.started_at}`} className="border-t align-top">
                  <td className="py-1">{attempt.attempt}</td>
                  <td>
                    <RelativeTime value={attempt.started_at} />
                  </td>
                  <td>
                    {attempt.ok ? "ok" : "failed"}
                    {attempt.http_status ? ` (HTTP ${attempt.http_status})` : ""}
                  </td>
                  <td>{attempt.duration_ms} ms</td>
                  <td className="max-w-md break-words">
                    {attempt.error ?? attempt.smtp_response ?? attempt.response_excerpt ?? ""}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </li>
      </ol>
      {trace.status === "dead" && (
        <div>
          <Button size="sm" onClick={() => void replay.run({ uuid: delivery.pk })} disabled={replay.pending}>
            <RotateCcwIcon /> Replay
          </Button>
        </div>
      )}
    </div>
  );
}
