"use client";

import type { ColumnDef } from "@tanstack/react-table";
import { SendIcon } from "lucide-react";
import { DataTable } from "@/components/data-table/data-table";
import { FilterSelect } from "@/components/data-table/filter-select";
import { SearchBox } from "@/components/data-table/search-box";
import { Badge } from "@/components/ui/badge";
import { EmptyState } from "@/components/ui/empty-state";
import type { TSelectOption } from "@/components/ui/select";
import type { TPagination } from "@/lib/api/pagination";
import type { TSerializedTransport } from "@/lib/transports/serialize";
import { TRANSPORT_MODE_LABELS } from "./mode-labels";
import { TransportRowActions } from "./transport-row-actions";

export function TransportsTable({
  data,
  pagination,
  pageSize,
  mappings,
}: {
  data: TSerializedTransport[];
  pagination: TPagination;
  pageSize: number;
  mappings: TSelectOption[];
}) {
  const columns: ColumnDef<TSerializedTransport>[] = [
    {
      id: "name",
      header: "Name",
      meta: { ordering: "name" },
      cell: ({ row }) => <span className="font-medium">{row.original.name}</span>,
    },
    {
      id: "mode",
      header: "Mode",
      meta: { ordering: "mode" },
      cell: ({ row }) => (
        <Badge variant="secondary">
          {TRANSPORT_MODE_LABELS.find((mode) => mode.value === row.original.mode)?.short ?? row.original.mode_verbose}
        </Badge>
      ),
    },
    {
      id: "target",
      header: "Target",
      cell: ({ row }) => {
        const transport = row.original;
        if (transport.mode === "email") {
          return <span className="text-muted-foreground">Subject “{transport.email_subject_prefix}…”</span>;
        }
        if (transport.mode === "local") {
          return <span className="text-muted-foreground">Recipients’ notification bell</span>;
        }
        let host = transport.webhook_url;
        try {
          host = new URL(transport.webhook_url).host;
        } catch {
          // shown as typed
        }
        return (
          <span className="font-mono text-xs">
            {host}
            {transport.signing_enabled && <Badge className="ml-2">signed</Badge>}
          </span>
        );
      },
    },
    {
      id: "send_once",
      header: "Send once",
      cell: ({ row }) => (row.original.send_once ? "Yes" : <span className="text-muted-foreground">No</span>),
    },
    {
      id: "actions",
      header: "",
      meta: { className: "w-10" },
      cell: ({ row }) => <TransportRowActions transport={row.original} mappings={mappings} />,
    },
  ];
  return (
    <DataTable
      label="Transports"
      columns={columns}
      data={data}
      pagination={pagination}
      pageSize={pageSize}
      getRowId={(transport) => transport.pk}
      toolbar={
        <>
          <SearchBox placeholder="Search transports" />
          <FilterSelect param="mode" label="Mode" options={TRANSPORT_MODE_LABELS} />
        </>
      }
      empty={
        <EmptyState
          icon={<SendIcon />}
          title="No transports yet"
          description="Create a transport, then pick it in a notification rule."
        />
      }
    />
  );
}
