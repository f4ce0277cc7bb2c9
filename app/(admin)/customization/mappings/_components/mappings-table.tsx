"use client";

import type { ColumnDef } from "@tanstack/react-table";
import { BracesIcon } from "lucide-react";
import { DataTable } from "@/components/data-table/data-table";
import { SearchBox } from "@/components/data-table/search-box";
import { EmptyState } from "@/components/ui/empty-state";
import type { TPagination } from "@/lib/api/pagination";
import type { TSerializedMapping } from "@/lib/mappings/serialize";
import { MappingRowActions } from "./mapping-row-actions";

const columns: ColumnDef<TSerializedMapping>[] = [
  {
    id: "name",
    header: "Name",
    meta: { ordering: "name" },
    cell: ({ row }) => <span className="font-medium">{row.original.name}</span>,
  },
  {
    id: "expression",
    header: "Expression",
    cell: ({ row }) => (
      <span className="font-mono text-xs">
        {row.original.expression
          .split("\n")
          .find((line) => !line.startsWith("//"))
          ?.slice(0, 90)}
      </span>
    ),
  },
  {
    id: "actions",
    header: "",
    meta: { className: "w-10" },
    cell: ({ row }) => <MappingRowActions mapping={row.original} />,
  },
];

export function MappingsTable({
  data,
  pagination,
  pageSize,
}: {
  data: TSerializedMapping[];
  pagination: TPagination;
  pageSize: number;
}) {
  return (
    <DataTable
      label="Webhook mappings"
      columns={columns}
      data={data}
      pagination={pagination}
      pageSize={pageSize}
      getRowId={(mapping) => mapping.pk}
      toolbar={<SearchBox placeholder="Search mappings" />}
      empty={
        <EmptyState
          icon={<BracesIcon />}
          title="No mappings yet"
          description="Create one to shape webhook bodies for a receiver that expects its own format."
        />
      }
    />
  );
}
