"use client";

import type { ColumnDef } from "@tanstack/react-table";
import { PackageCheckIcon } from "lucide-react";
import { DataTable } from "@/components/data-table/data-table";
import { FilterSelect } from "@/components/data-table/filter-select";
import { EmptyState } from "@/components/ui/empty-state";
import { RelativeTime } from "@/components/ui/relative-time";
import type { TSelectOption } from "@/components/ui/select";
import { StatusBadge } from "@/components/ui/status-badge";
import type { TPagination } from "@/lib/api/pagination";
import type { TSerializedDelivery } from "@/lib/deliveries/serialize";
import { DeliveryTrace } from "./delivery-trace";

const STATUS_TONE: Record<
  TSerializedDelivery["status"],
  "secondary" | "warning" | "success" | "default" | "destructive"
> = {
  pending: "secondary",
  sending: "secondary",
  retrying: "warning",
  delivered: "success",
  skipped: "default",
  dead: "destructive",
  held: "secondary",
  digested: "default",
};
const STATUSES: TSelectOption[] = Object.keys(STATUS_TONE).map((status) => ({
  value: status,
  label: status,
}));

const columns: ColumnDef<TSerializedDelivery>[] = [
  {
    id: "status",
    header: "Status",
    cell: ({ row }) => <StatusBadge tone={STATUS_TONE[row.original.status]}>{row.original.status}</StatusBadge>,
  },
  {
    id: "rule",
    header: "Rule",
    cell: ({ row }) => row.original.rule_name ?? <span className="text-muted-foreground">deleted</span>,
  },
  {
    id: "transport",
    header: "Transport",
    cell: ({ row }) => row.original.transport_name ?? <span className="text-muted-foreground">deleted</span>,
  },
  {
    id: "recipient",
    header: "Recipient",
    cell: ({ row }) => row.original.username ?? <span className="text-muted-foreground">—</span>,
  },
  {
    id: "attempts",
    header: "Attempts",
    cell: ({ row }) => (
      <span className="tabular-nums">
        {row.original.attempts}/{row.original.max_attempts}
        {row.original.next_attempt_at && (
          <span className="block text-xs text-muted-foreground">
            next <RelativeTime value={row.original.next_attempt_at} />
          </span>
        )}
      </span>
    ),
  },
  {
    id: "error",
    header: "Last error",
    cell: ({ row }) => <span className="line-clamp-2 max-w-xs text-xs">{row.original.last_error ?? ""}</span>,
  },
  {
    id: "created",
    header: "Created",
    meta: { ordering: "created" },
    cell: ({ row }) => <RelativeTime value={row.original.created} />,
  },
];

export function DeliveriesTable({
  data,
  pagination,
  pageSize,
  counts,
  transports,
  rules,
}: {
  data: TSerializedDelivery[];
  pagination: TPagination;
  pageSize: number;
  counts: Record<string, number>;
  transports: TSelectOption[];
  rules: TSelectOption[];
}) {
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
          <FilterSelect
            param="status"
            label="Status"
            options={STATUSES.map((option) => ({ ...option, label: `${option.label} (${counts[option.value] ?? 0})` }))}
          />
          <FilterSelect param="transport" label="Transport" options={transports} />
          <FilterSelect param="rule" label="Rule" options={rules} />
        </>
      }
      renderExpanded={(delivery) => <DeliveryTrace delivery={delivery} />}
      empty={
        <EmptyState
          icon={<PackageCheckIcon />}
          title="No deliveries"
          description="Deliveries appear when a rule fires for an event."
        />
      }
    />
  );
}
