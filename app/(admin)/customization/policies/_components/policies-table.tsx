"use client";

import type { ColumnDef } from "@tanstack/react-table";
import { ShieldCheckIcon } from "lucide-react";
import { DataTable } from "@/components/data-table/data-table";
import { SearchBox } from "@/components/data-table/search-box";
import { Badge } from "@/components/ui/badge";
import { EmptyState } from "@/components/ui/empty-state";
import type { TPagination } from "@/lib/api/pagination";
import type { TSerializedPolicy } from "@/lib/policies/serialize";
import { kindOf } from "./policy-kind";
import type { TPolicyPageContext } from "./policy-page-context";
import { PolicyRowActions } from "./policy-row-actions";

function summary(policy: TSerializedPolicy): string {
  if (kindOf(policy) === "expression")
    return String(policy.expression ?? "")
      .split("\n")[0]
      .slice(0, 80);
  return (["action", "client_ip", "app", "model"] as const)
    .filter((key) => policy[key])
    .map((key) => `${key} = ${String(policy[key])}`)
    .join(", ");
}

export function PoliciesTable({
  data,
  pagination,
  pageSize,
  context,
}: {
  data: TSerializedPolicy[];
  pagination: TPagination;
  pageSize: number;
  context: TPolicyPageContext;
}) {
  const columns: ColumnDef<TSerializedPolicy>[] = [
    {
      id: "name",
      header: "Name",
      meta: { ordering: "name" },
      cell: ({ row }) => <span className="font-medium">{row.original.name}</span>,
    },
    { id: "type", header: "Type", cell: ({ row }) => <Badge variant="secondary">{row.original.verbose_name}</Badge> },
    {
      id: "summary",
      header: "Matches",
      cell: ({ row }) => <span className="font-mono text-xs">{summary(row.original)}</span>,
    },
    {
      id: "bound_to",
      header: "Bound to",
      cell: ({ row }) =>
        row.original.bound_to ? (
          `${row.original.bound_to} rule binding(s)`
        ) : (
          <span className="text-warning">Not bound</span>
        ),
    },
    {
      id: "actions",
      header: "",
      meta: { className: "w-10" },
      cell: ({ row }) => <PolicyRowActions policy={row.original} context={context} />,
    },
  ];
  return (
    <DataTable
      label="Policies"
      columns={columns}
      data={data}
      pagination={pagination}
      pageSize={pageSize}
      getRowId={(policy) => policy.pk}
      toolbar={<SearchBox placeholder="Search policies" />}
      empty={
        <EmptyState
          icon={<ShieldCheckIcon />}
          title="No policies yet"
          description="Create an event matcher, then bind it to a notification rule."
        />
      }
    />
  );
}
