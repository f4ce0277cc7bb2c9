"use client";

import type { ColumnDef } from "@tanstack/react-table";
import { PencilIcon, ScrollTextIcon, ShieldCheckIcon, UserCheckIcon, UsersIcon, UserXIcon } from "lucide-react";
import Link from "next/link";
import { DataTable } from "@/components/data-table/data-table";
import { FilterSelect } from "@/components/data-table/filter-select";
import { RowActions } from "@/components/data-table/row-actions";
import { SearchBox } from "@/components/data-table/search-box";
import { useAction } from "@/components/forms/use-action";
import { Badge } from "@/components/ui/badge";
import { DropdownMenuItem } from "@/components/ui/dropdown-menu";
import { EmptyState } from "@/components/ui/empty-state";
import { RelativeTime } from "@/components/ui/relative-time";
import { StatusBadge } from "@/components/ui/status-badge";
import type { TPagination } from "@/lib/api/pagination";
import type { TSerializedUser } from "@/lib/users/serialize";
import { updateUserAction } from "./actions";

function UserRowActions({ user }: { user: TSerializedUser }) {
  const toggle = useAction(updateUserAction, {
    success: user.is_active ? `${user.username} deactivated.` : `${user.username} activated.`,
  });
  return (
    <RowActions label={`Actions for ${user.username}`}>
      <DropdownMenuItem asChild>
        <Link href={`/directory/users/${user.pk}`}>
          <PencilIcon /> Edit
        </Link>
      </DropdownMenuItem>
      <DropdownMenuItem asChild>
        <Link href={`/events?username=${encodeURIComponent(user.username)}`}>
          <ScrollTextIcon /> Events of this user
        </Link>
      </DropdownMenuItem>
      <DropdownMenuItem onSelect={() => toggle.run({ id: user.pk, is_active: !user.is_active })}>
        {user.is_active ? <UserXIcon /> : <UserCheckIcon />} {user.is_active ? "Deactivate" : "Activate"}
      </DropdownMenuItem>
    </RowActions>
  );
}

const columns: ColumnDef<TSerializedUser>[] = [
  {
    id: "username",
    header: "User",
    meta: { ordering: "username" },
    cell: ({ row }) => (
      <Link href={`/directory/users/${row.original.pk}`} className="group block">
        <span className="font-medium group-hover:underline">{row.original.username}</span>
        {row.original.name && <span className="block text-xs text-muted-foreground">{row.original.name}</span>}
      </Link>
    ),
  },
  {
    id: "email",
    header: "Email",
    meta: { ordering: "email" },
    cell: ({ row }) => row.original.email || <span className="text-muted-foreground">—</span>,
  },
  {
    id: "groups",
    header: "Groups",
    cell: ({ row }) => (
      <div className="flex flex-wrap gap-1">
        {row.original.groups_obj?.slice(0, 3).map((group) => (
          <Badge key={group.pk} variant="secondary">
            {group.name}
          </Badge>
        ))}
        {(row.original.groups_obj?.length ?? 0) > 3 && (
          <Badge variant="outline">+{(row.original.groups_obj?.length ?? 0) - 3}</Badge>
        )}
      </div>
    ),
  },
  {
    id: "is_active",
    header: "Status",
    meta: { ordering: "is_active" },
    cell: ({ row }) => (
      <div className="flex flex-wrap gap-1">
        <StatusBadge tone={row.original.is_active ? "success" : "secondary"}>
          {row.original.is_active ? "Active" : "Inactive"}
        </StatusBadge>
        {row.original.is_superuser && (
          <Badge>
            <ShieldCheckIcon /> Superuser
          </Badge>
        )}
      </div>
    ),
  },
  {
    id: "last_login",
    header: "Last login",
    meta: { ordering: "last_login" },
    cell: ({ row }) => <RelativeTime value={row.original.last_login} />,
  },
  {
    id: "actions",
    header: () => <span className="sr-only">Actions</span>,
    meta: { className: "w-10 text-right" },
    cell: ({ row }) => <UserRowActions user={row.original} />,
  },
];

export function UsersTable({
  data,
  pagination,
  pageSize,
}: {
  data: TSerializedUser[];
  pagination: TPagination;
  pageSize: number;
}) {
  return (
    <DataTable
      label="Users"
      columns={columns}
      data={data}
      pagination={pagination}
      pageSize={pageSize}
      getRowId={(user) => String(user.pk)}
      toolbar={
        <>
          <SearchBox placeholder="Search username, name or email" />
          <FilterSelect
            param="is_active"
            label="Status"
            options={[
              { value: "true", label: "Active" },
              { value: "false", label: "Inactive" },
            ]}
          />
          <FilterSelect
            param="is_superuser"
            label="Superuser"
            options={[
              { value: "true", label: "Superusers" },
              { value: "false", label: "Not superusers" },
            ]}
          />
        </>
      }
      empty={
        <EmptyState
          icon={<UsersIcon />}
          title="No users match"
          description="Try another search or clear the filters."
        />
      }
    />
  );
}
