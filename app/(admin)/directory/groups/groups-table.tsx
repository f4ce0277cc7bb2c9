"use client";

import type { ColumnDef } from "@tanstack/react-table";
import { ShieldCheckIcon, UsersRoundIcon } from "lucide-react";
import Link from "next/link";
import { DataTable } from "@/components/data-table/data-table";
import { FilterSelect } from "@/components/data-table/filter-select";
import { SearchBox } from "@/components/data-table/search-box";
import { Badge } from "@/components/ui/badge";
import { EmptyState } from "@/components/ui/empty-state";
import type { TPagination } from "@/lib/api/pagination";
import type { TSerializedGroup } from "@/lib/groups/serialize";

const columns: ColumnDef<TSerializedGroup>[] = [
  {
    id: "name",
    header: "Name",
    meta: { ordering: "name" },
    cell: ({ row }) => (
      <Link href={`/directory/groups/${row.original.pk}`} className="font-medium hover:underline">
        {row.original.name}
      </Link>
    ),
  },
  {
    id: "parent",
    header: "Parent",
    cell: ({ row }) =>
      row.original.parent ? (
        <Link href={`/directory/groups/${row.original.parent}`} className="hover:underline">
          {row.original.parent_name}
        </Link>
      ) : (
        <span className="text-muted-foreground">—</span>
      ),
  },
  {
    id: "members",
    header: "Members",
    cell: ({ row }) => <span className="tabular-nums">{row.original.users.length}</span>,
  },
  {
    id: "children",
    header: "Child groups",
    cell: ({ row }) => <span className="tabular-nums">{row.original.children.length}</span>,
  },
  {
    id: "is_superuser",
    header: "Superuser",
    meta: { ordering: "is_superuser" },
    cell: ({ row }) =>
      row.original.is_superuser ? (
        <Badge>
          <ShieldCheckIcon /> Members are administrators
        </Badge>
      ) : null,
  },
];

export function GroupsTable({
  data,
  pagination,
  pageSize,
}: {
  data: TSerializedGroup[];
  pagination: TPagination;
  pageSize: number;
}) {
  return (
    <DataTable
      label="Groups"
      columns={columns}
      data={data}
      pagination={pagination}
      pageSize={pageSize}
      getRowId={(group) => group.pk}
      toolbar={
        <>
          <SearchBox placeholder="Search groups" />
          <FilterSelect
            param="is_superuser"
            label="Superuser"
            options={[
              { value: "true", label: "Superuser groups" },
              { value: "false", label: "Regular groups" },
            ]}
          />
        </>
      }
      empty={
        <EmptyState
          icon={<UsersRoundIcon />}
          title="No groups yet"
          description="Create a group to notify several people at once or to make its members administrators."
        />
      }
    />
  );
}
