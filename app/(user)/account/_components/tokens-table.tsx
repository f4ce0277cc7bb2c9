"use client";

import type { ColumnDef } from "@tanstack/react-table";
import { BanIcon, KeyRoundIcon, Trash2Icon } from "lucide-react";
import Link from "next/link";
import * as React from "react";
import { DataTable } from "@/components/data-table/data-table";
import { FilterSelect } from "@/components/data-table/filter-select";
import { RowActions } from "@/components/data-table/row-actions";
import { SearchBox } from "@/components/data-table/search-box";
import { ConfirmDialog } from "@/components/forms/confirm-dialog";
import { useAction } from "@/components/forms/use-action";
import { DropdownMenuItem, DropdownMenuSeparator } from "@/components/ui/dropdown-menu";
import { EmptyState } from "@/components/ui/empty-state";
import { RelativeTime } from "@/components/ui/relative-time";
import { StatusBadge } from "@/components/ui/status-badge";
import type { TPagination } from "@/lib/api/pagination";
import type { TSerializedToken } from "@/lib/tokens/serialize";
import { deleteTokenAction, revokeTokenAction } from "../token-actions";

const STATUS_TONE = { active: "success", expired: "warning", revoked: "destructive" } as const;

function TokenActions({ token }: { token: TSerializedToken }) {
  const [confirm, setConfirm] = React.useState<"revoke" | "delete" | null>(null);
  const revoke = useAction(revokeTokenAction, { success: `Token ${token.identifier} revoked.` });
  const remove = useAction(deleteTokenAction, { success: `Token ${token.identifier} deleted.` });
  return (
    <>
      <RowActions label={`Actions for ${token.identifier}`}>
        <DropdownMenuItem disabled={token.status === "revoked"} onSelect={() => setConfirm("revoke")}>
          <BanIcon /> Revoke
        </DropdownMenuItem>
        <DropdownMenuSeparator />
        <DropdownMenuItem variant="destructive" onSelect={() => setConfirm("delete")}>
          <Trash2Icon /> Delete
        </DropdownMenuItem>
      </RowActions>
      <ConfirmDialog
        open={confirm !== null}
        onOpenChange={(open) => !open && setConfirm(null)}
        title={confirm === "revoke" ? `Revoke ${token.identifier}?` : `Delete ${token.identifier}?`}
        description={
          confirm === "revoke"
            ? "The key stops working immediately. The token stays listed so you can see when it was used."
            : "The key stops working immediately and the token disappears from this list."
        }
        confirmLabel={confirm === "revoke" ? "Revoke" : "Delete"}
        onConfirm={() =>
          confirm === "revoke"
            ? revoke.run({ identifier: token.identifier })
            : remove.run({ identifier: token.identifier })
        }
      />
    </>
  );
}

export function TokensTable({
  data,
  pagination,
  pageSize,
  showOwner,
}: {
  data: TSerializedToken[];
  pagination: TPagination;
  pageSize: number;
  showOwner: boolean;
}) {
  const columns: ColumnDef<TSerializedToken>[] = [
    {
      id: "identifier",
      header: "Identifier",
      meta: { ordering: "identifier" },
      cell: ({ row }) => (
        <div>
          <span className="font-medium">{row.original.identifier}</span>
          <span className="block font-mono text-xs text-muted-foreground">{row.original.key_prefix}…</span>
        </div>
      ),
    },
    ...(showOwner
      ? [
          {
            id: "owner",
            header: "Owner",
            cell: ({ row }) => (
              <Link href={`/directory/users/${row.original.user}`} className="hover:underline">
                {row.original.user_obj.username}
              </Link>
            ),
          } satisfies ColumnDef<TSerializedToken>,
        ]
      : []),
    {
      id: "description",
      header: "Description",
      cell: ({ row }) => row.original.description || <span className="text-muted-foreground">—</span>,
    },
    {
      id: "status",
      header: "Status",
      cell: ({ row }) => <StatusBadge tone={STATUS_TONE[row.original.status]}>{row.original.status}</StatusBadge>,
    },
    {
      id: "expires",
      header: "Expires",
      meta: { ordering: "expires" },
      cell: ({ row }) =>
        row.original.expiring ? (
          <RelativeTime value={row.original.expires} />
        ) : (
          <span className="text-muted-foreground">Never</span>
        ),
    },
    {
      id: "last_used",
      header: "Last used",
      meta: { ordering: "last_used" },
      cell: ({ row }) => <RelativeTime value={row.original.last_used} />,
    },
    {
      id: "actions",
      header: () => <span className="sr-only">Actions</span>,
      meta: { className: "w-10" },
      cell: ({ row }) => <TokenActions token={row.original} />,
    },
  ];
  return (
    <DataTable
      label="API tokens"
      columns={columns}
      data={data}
      pagination={pagination}
      pageSize={pageSize}
      getRowId={(token) => token.pk}
      toolbar={
        <>
          <SearchBox placeholder={showOwner ? "Search identifier, description or owner" : "Search tokens"} />
          <FilterSelect
            param="status"
            label="Status"
            options={[
              { value: "active", label: "Active" },
              { value: "expired", label: "Expired" },
              { value: "revoked", label: "Revoked" },
            ]}
          />
        </>
      }
      empty={
        <EmptyState
          icon={<KeyRoundIcon />}
          title="No tokens"
          description="Create a token to call the API from scripts and integrations."
        />
      }
    />
  );
}
