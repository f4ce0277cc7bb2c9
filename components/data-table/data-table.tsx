"use client";

import { type ColumnDef, flexRender, getCoreRowModel, type RowData, useReactTable } from "@tanstack/react-table";
import { ArrowDownIcon, ArrowUpDownIcon, ArrowUpIcon, ChevronRightIcon } from "lucide-react";
import * as React from "react";
import { cn } from "@/components/ui/cn";
import { EmptyState } from "@/components/ui/empty-state";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import type { TPagination } from "@/lib/api/pagination";
import { PaginationBar } from "./pagination-bar";
import { useUrlState } from "./use-url-state";

declare module "@tanstack/react-table" {
  // eslint-disable-next-line @typescript-eslint/no-unused-vars
  interface ColumnMeta<TData extends RowData, TValue> {
    /** The API `ordering` value this column sorts by; absent = not sortable. */
    ordering?: string;
    className?: string;
  }
}

/**
 * A server-paginated table: rows come from the page's server component; sorting, paging and
 * filters are URL parameters (see useUrlState), so the server re-renders the next page.
 */
export function DataTable<T>({
  columns,
  data,
  pagination,
  pageSize,
  getRowId,
  toolbar,
  empty,
  renderExpanded,
  label,
}: {
  columns: ColumnDef<T>[];
  data: T[];
  pagination: TPagination;
  pageSize: number;
  getRowId: (row: T) => string;
  toolbar?: React.ReactNode;
  empty?: React.ReactNode;
  renderExpanded?: (row: T) => React.ReactNode;
  label: string;
}) {
  const { params, set, pending } = useUrlState();
  const ordering = params.get("ordering") ?? "";
  const [expanded, setExpanded] = React.useState<Set<string>>(new Set());
  const table = useReactTable({
    data,
    columns,
    getRowId,
    getCoreRowModel: getCoreRowModel(),
    manualPagination: true,
    manualSorting: true,
  });
  const toggle = (id: string) =>
    setExpanded((current) => {
      const next = new Set(current);
      if (next.has(id)) next.delete(id);
      else next.add(id);
      return next;
    });

  return (
    <div className="rounded-lg border bg-card shadow-xs">
      {toolbar && <div className="flex flex-wrap items-center gap-2 border-b p-3">{toolbar}</div>}
      <div className={cn("transition-opacity", pending && "opacity-60")} aria-busy={pending}>
        <Table aria-label={label}>
          <TableHeader>
            {table.getHeaderGroups().map((group) => (
              <TableRow key={group.id} className="hover:bg-transparent">
                {renderExpanded && <TableHead className="w-8" aria-label="Expand" />}
                {group.headers.map((header) => {
                  const meta = header.column.columnDef.meta;
                  const sortKey = meta?.ordering;
                  const direction = ordering === sortKey ? "asc" : ordering === `-${sortKey}` ? "desc" : null;
                  const content = header.isPlaceholder
                    ? null
                    : flexRender(header.column.columnDef.header, header.getContext());
                  return (
                    <TableHead
                      key={header.id}
                      className={meta?.className}
                      aria-sort={direction === "asc" ? "ascending" : direction === "desc" ? "descending" : undefined}
                    >
                      {sortKey ? (
                        <button
                          type="button"
                          className="inline-flex items-center gap-1 uppercase hover:text-foreground"
                          onClick={() => set({ ordering: direction === "asc" ? `-${sortKey}` : sortKey })}
                        >
                          {content}
                          {direction === "asc" ? (
                            <ArrowUpIcon className="size-3" />
                          ) : direction === "desc" ? (
                            <ArrowDownIcon className="size-3" />
                          ) : (
                            <ArrowUpDownIcon className="size-3 opacity-40" />
                          )}
                        </button>
                      ) : (
                        content
                      )}
                    </TableHead>
                  );
                })}
              </TableRow>
            ))}
          </TableHeader>
          <TableBody>
            {table.getRowModel().rows.length === 0 ? (
              <TableRow className="hover:bg-transparent">
                <TableCell colSpan={columns.length + (renderExpanded ? 1 : 0)}>
                  {empty ?? <EmptyState title="Nothing here yet" />}
                </TableCell>
              </TableRow>
            ) : (
              table.getRowModel().rows.map((row) => {
                const isOpen = expanded.has(row.id);
                return (
                  <React.Fragment key={row.id}>
                    <TableRow data-state={isOpen ? "selected" : undefined}>
                      {renderExpanded && (
                        <TableCell className="w-8 pr-0">
                          <button
                            type="button"
                            aria-label={isOpen ? "Collapse row" : "Expand row"}
                            aria-expanded={isOpen}
                            onClick={() => toggle(row.id)}
                            className="rounded p-0.5 text-muted-foreground hover:bg-accent"
                          >
                            <ChevronRightIcon className={cn("size-4 transition-transform", isOpen && "rotate-90")} />
                          </button>
                        </TableCell>
                      )}
                      {row.getVisibleCells().map((cell) => (
                        <TableCell key={cell.id} className={cell.column.columnDef.meta?.className}>
                          {flexRender(cell.column.columnDef.cell, cell.getContext())}
                        </TableCell>
                      ))}
                    </TableRow>
                    {renderExpanded && isOpen && (
                      <TableRow className="bg-muted/30 hover:bg-muted/30">
                        <TableCell colSpan={columns.length + 1} className="p-4">
                          {renderExpanded(row.original)}
                        </TableCell>
                      </TableRow>
                    )}
                  </React.Fragment>
                );
              })
            )}
          </TableBody>
        </Table>
      </div>
      <PaginationBar pagination={pagination} pageSize={pageSize} />
    </div>
  );
}
