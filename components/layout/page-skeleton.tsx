import type * as React from "react";
import { Card, CardContent, CardHeader } from "@/components/ui/card";
import { cn } from "@/components/ui/cn";
import { Skeleton } from "@/components/ui/skeleton";

/** Uneven line widths, so a placeholder reads as text rather than as a grid of bars. */
const WIDTHS = ["w-3/4", "w-1/2", "w-5/6", "w-2/3", "w-2/5"];

function widthAt(index: number): string {
  return WIDTHS[index % WIDTHS.length];
}

/**
 * What a loading.tsx shows while its page's server component reads data. The grey blocks are
 * hidden from assistive technology; it hears one status line and sees the region as busy.
 */
export function PageSkeleton({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <div role="status" aria-busy="true" aria-live="polite" data-testid="page-skeleton">
      <span className="sr-only">Loading {label}…</span>
      {children}
    </div>
  );
}

/** The shape of PageHeader: title, one-line description, optional action buttons on the right. */
export function HeaderSkeleton({ actions = 0 }: { actions?: number }) {
  return (
    <div className="mb-6 flex flex-wrap items-start justify-between gap-4">
      <div className="grid gap-2">
        <Skeleton className="h-8 w-56" />
        <Skeleton className="h-4 w-80 max-w-full sm:w-[28rem]" />
      </div>
      {actions > 0 && (
        <div className="flex gap-2">
          {Array.from({ length: actions }, (_, index) => (
            <Skeleton key={index} className="h-9 w-32" />
          ))}
        </div>
      )}
    </div>
  );
}

type TTableShape = {
  columns?: number;
  rows?: number;
  /** A search box at the start of the toolbar (most lists have one). */
  search?: boolean;
  /** How many filter dropdowns follow it. */
  filters?: number;
};

/** The shape of DataTable: toolbar, header row, body rows and the pagination bar. */
export function TableSkeleton({ columns = 5, rows = 8, search = true, filters = 0 }: TTableShape) {
  const cells = Array.from({ length: columns }, (_, index) => index);
  return (
    <div className="rounded-lg border bg-card shadow-xs">
      <div className="flex flex-wrap items-center gap-2 border-b p-3">
        {search && <Skeleton className="h-9 w-full max-w-xs" />}
        {Array.from({ length: filters }, (_, index) => (
          <Skeleton key={index} className="h-9 w-28" />
        ))}
      </div>
      <div className="flex h-10 items-center gap-4 border-b px-3">
        {cells.map((column) => (
          <div key={column} className="flex-1">
            <Skeleton className="h-3 w-16" />
          </div>
        ))}
      </div>
      {Array.from({ length: rows }, (_, row) => (
        <div key={row} className="flex items-center gap-4 border-b px-3 py-3.5 last:border-0">
          {cells.map((column) => (
            <div key={column} className="flex-1">
              <Skeleton className={cn("h-4", widthAt(row + column))} />
            </div>
          ))}
        </div>
      ))}
      <div className="flex items-center justify-between gap-3 border-t px-3 py-2.5">
        <Skeleton className="h-4 w-28" />
        <Skeleton className="h-8 w-48" />
      </div>
    </div>
  );
}

/** The shape of a Card: a title, and either a few lines of text or one block (a chart, a map, a form). */
export function CardSkeleton({ className, lines = 3, block }: { className?: string; lines?: number; block?: string }) {
  return (
    <Card className={className}>
      <CardHeader>
        <Skeleton className="h-4 w-32" />
      </CardHeader>
      <CardContent className="grid gap-3">
        {block ? (
          <Skeleton className={block} />
        ) : (
          Array.from({ length: lines }, (_, index) => <Skeleton key={index} className={cn("h-4", widthAt(index))} />)
        )}
      </CardContent>
    </Card>
  );
}

/** A card of stacked entries, each a line of text over a shorter one (the notification list). */
export function StackSkeleton({ rows = 5 }: { rows?: number }) {
  return (
    <Card className="divide-y">
      {Array.from({ length: rows }, (_, index) => (
        <div key={index} className="grid gap-2 p-4">
          <Skeleton className={cn("h-4", widthAt(index))} />
          <Skeleton className="h-3 w-40" />
        </div>
      ))}
    </Card>
  );
}

/** A list page (rules, users, tokens…): header with its create button, then the table. */
export function ListPageSkeleton({ label, actions = 1, ...table }: TTableShape & { label: string; actions?: number }) {
  return (
    <PageSkeleton label={label}>
      <HeaderSkeleton actions={actions} />
      <TableSkeleton {...table} />
    </PageSkeleton>
  );
}
