"use client";

import type { ColumnDef } from "@tanstack/react-table";
import { PackageCheckIcon, RotateCcwIcon } from "lucide-react";
import Link from "next/link";
import * as React from "react";
import { DataTable } from "@/components/data-table/data-table";
import { FilterSelect } from "@/components/data-table/filter-select";
import { useAction } from "@/components/forms/use-action";
import { Button } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/empty-state";
import { RelativeTime } from "@/components/ui/relative-time";
import type { TSelectOption } from "@/components/ui/select";
import { StatusBadge } from "@/components/ui/status-badge";
import type { TPagination } from "@/lib/api/pagination";
import type { TDeliveryTrace, TSerializedDelivery } from "@/lib/deliveries/queries";
import { deliveryTraceAction, replayDeadAction, replayDeliveryAction } from "./actions";

const STATUS_TONE = { pending: "secondary", sending: "secondary", retrying: "warning", delivered: "success", skipped: "default", dead: "destructive" } as const;
const STATUSES: TSelectOption[] = ["pending", "sending", "retrying", "delivered", "skipped", "dead"].map((status) => ({ value: status, label: status }));


/** event → rule decision → attempts, loaded when a row is expanded. */
function DeliveryTrace({ delivery }: { delivery: TSerializedDelivery }) {
  const [trace, setTrace] = React.useState<TDeliveryTrace | null>(null);
  const load = useAction(deliveryTraceAction, { refresh: false, onSuccess: setTrace });
  const replay = useAction(replayDeliveryAction, { success: "Delivery queued again." });
  React.useEffect(() => {
    void load.run({ uuid: delivery.pk });
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [delivery.pk, delivery.updated]);
  if (!trace) return <p className="p-2 text-sm text-muted-foreground">Loading the trace…</p>;
  return (
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
          <span className="font-medium">3. Attempts</span> through {trace.transport_name ?? "a deleted transport"} to {trace.username ?? "a deleted user"} (webhook-id <code className="text-xs">{trace.webhook_id}</code>)
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
                  <td>{attempt.ok ? "ok" : "failed"}{attempt.http_status ? ` (HTTP ${attempt.http_status})` : ""}</td>
                  <td>{attempt.duration_ms} ms</td>
                  <td className="max-w-md break-words">{attempt.error ?? attempt.smtp_response ?? attempt.response_excerpt ?? ""}</td>
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

export function ReplayDeadButton({ dead, transport, rule }: { dead: number; transport?: string; rule?: string }) {
  const replay = useAction(replayDeadAction, { success: (data) => `${data.replayed} dead deliveries queued again.` });
  return (
    <Button variant="outline" disabled={dead === 0 || replay.pending} onClick={() => void replay.run({ transport, rule })}>
      <RotateCcwIcon /> Replay all dead ({dead})
    </Button>
  );
}

const columns: ColumnDef<TSerializedDelivery>[] = [
  { id: "status", header: "Status", cell: ({ row }) => <StatusBadge tone={STATUS_TONE[row.original.status]}>{row.original.status}</StatusBadge> },
  { id: "rule", header: "Rule", cell: ({ row }) => row.original.rule_name ?? <span className="text-muted-foreground">deleted</span> },
  { id: "transport", header: "Transport", cell: ({ row }) => row.original.transport_name ?? <span className="text-muted-foreground">deleted</span> },
  { id: "recipient", header: "Recipient", cell: ({ row }) => row.original.username ?? <span className="text-muted-foreground">—</span> },
  {
    id: "attempts",
    header: "Attempts",
    cell: ({ row }) => (
      <span className="tabular-nums">
        {row.original.attempts}/{row.original.max_attempts}
        {row.original.next_attempt_at && <span className="block text-xs text-muted-foreground">next <RelativeTime value={row.original.next_attempt_at} /></span>}
      </span>
    ),
  },
  { id: "error", header: "Last error", cell: ({ row }) => <span className="line-clamp-2 max-w-xs text-xs">{row.original.last_error ?? ""}</span> },
  { id: "created", header: "Created", meta: { ordering: "created" }, cell: ({ row }) => <RelativeTime value={row.original.created} /> },
];

export function DeliveriesTable({ data, pagination, pageSize, counts, transports, rules }: { data: TSerializedDelivery[]; pagination: TPagination; pageSize: number; counts: Record<string, number>; transports: TSelectOption[]; rules: TSelectOption[] }) {
  return (
    <DataTable
      label="Deliveries"
      columns={columns}
      data={data}
      pagination={pagination}
      pageSize={pageSize}
      getRowId={(delivery) => delivery.pk}
      toolbar={
        <>
          <FilterSelect param="status" label="Status" options={STATUSES.map((option) => ({ ...option, label: `${option.label} (${counts[option.value] ?? 0})` }))} />
          <FilterSelect param="transport" label="Transport" options={transports} />
          <FilterSelect param="rule" label="Rule" options={rules} />
        </>
      }
      renderExpanded={(delivery) => <DeliveryTrace delivery={delivery} />}
      empty={<EmptyState icon={<PackageCheckIcon />} title="No deliveries" description="Deliveries appear when a rule fires for an event." />}
    />
  );
}
