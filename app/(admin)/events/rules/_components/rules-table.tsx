"use client";

import type { ColumnDef } from "@tanstack/react-table";
import { BellRingIcon } from "lucide-react";
import { DataTable } from "@/components/data-table/data-table";
import { SearchBox } from "@/components/data-table/search-box";
import { SEVERITY_TONE } from "@/components/notifications/severity";
import { Badge } from "@/components/ui/badge";
import { EmptyState } from "@/components/ui/empty-state";
import { StatusBadge } from "@/components/ui/status-badge";
import type { TPagination } from "@/lib/api/pagination";
import type { TSerializedBinding } from "@/lib/policies/binding-serialize";
import type { TSerializedRule } from "@/lib/rules/serialize";
import { RuleBindings } from "./rule-bindings";
import type { TRuleChoices } from "./rule-choices";
import { RuleRowActions } from "./rule-row-actions";

export function RulesTable({
  data,
  pagination,
  pageSize,
  bindings,
  choices,
}: {
  data: TSerializedRule[];
  pagination: TPagination;
  pageSize: number;
  bindings: TSerializedBinding[];
  choices: TRuleChoices;
}) {
  const transportName = new Map(choices.transports.map((option) => [option.value, String(option.label)]));
  const columns: ColumnDef<TSerializedRule>[] = [
    {
      id: "name",
      header: "Name",
      meta: { ordering: "name" },
      cell: ({ row }) => (
        <span className="font-medium">
          {row.original.name}
          {!row.original.enabled && (
            <Badge variant="secondary" className="ml-2">
              disabled
            </Badge>
          )}
        </span>
      ),
    },
    {
      id: "severity",
      header: "Severity",
      meta: { ordering: "severity" },
      cell: ({ row }) => <StatusBadge tone={SEVERITY_TONE[row.original.severity]}>{row.original.severity}</StatusBadge>,
    },
    {
      id: "destination",
      header: "Sent to",
      cell: ({ row }) =>
        [row.original.destination_group_obj?.name, row.original.destination_event_user && "event user"]
          .filter(Boolean)
          .join(" + ") || <span className="text-warning">Nobody</span>,
    },
    {
      id: "transports",
      header: "Transports",
      cell: ({ row }) =>
        row.original.transports.length ? (
          row.original.transports.map((id) => transportName.get(id) ?? id).join(", ")
        ) : (
          <span className="text-muted-foreground">Bell only</span>
        ),
    },
    {
      id: "bindings",
      header: "Bindings",
      cell: ({ row }) => <span className="tabular-nums">{row.original.bindings_count}</span>,
    },
    {
      id: "actions",
      header: "",
      meta: { className: "w-10" },
      cell: ({ row }) => <RuleRowActions rule={row.original} choices={choices} />,
    },
  ];
  return (
    <DataTable
      label="Rules"
      columns={columns}
      data={data}
      pagination={pagination}
      pageSize={pageSize}
      getRowId={(rule) => rule.pk}
      toolbar={<SearchBox placeholder="Search rules" />}
      renderExpanded={(rule) => (
        <RuleBindings rule={rule} bindings={bindings.filter((entry) => entry.target === rule.pk)} choices={choices} />
      )}
      empty={
        <EmptyState
          icon={<BellRingIcon />}
          title="No rules yet"
          description="Create a rule, then bind a policy to choose which events notify."
        />
      }
    />
  );
}
