"use client";

import type { ColumnDef } from "@tanstack/react-table";
import { ExternalLinkIcon, ScrollTextIcon } from "lucide-react";
import Link from "next/link";
import { DataTable } from "@/components/data-table/data-table";
import { useUrlState } from "@/components/data-table/use-url-state";
import { EventInfo } from "@/components/events/event-info";
import { actionColor, geoOf } from "@/components/events/presentation";
import type { TPickOption } from "@/components/forms/multi-select";
import { Button } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/empty-state";
import { RelativeTime } from "@/components/ui/relative-time";
import type { TPagination } from "@/lib/api/pagination";
import { actionLabel } from "@/lib/events/action-catalogue";
import type { TSerializedEvent } from "@/lib/events/serialize";
import { EventFilters } from "./event-filters";

function FilterLink({
  param,
  value,
  children,
  className,
}: {
  param: string;
  value: string;
  children: React.ReactNode;
  className?: string;
}) {
  const { set } = useUrlState();
  return (
    <button
      type="button"
      title={`Show only events with this ${param.replace("_", " ")}`}
      className={`text-left hover:underline ${className ?? ""}`}
      onClick={() => set({ [param]: value })}
    >
      {children}
    </button>
  );
}

const columns: ColumnDef<TSerializedEvent>[] = [
  {
    id: "action",
    header: "Action",
    meta: { ordering: "action" },
    cell: ({ row }) => (
      <div className="flex items-start gap-2">
        <span
          aria-hidden
          className="mt-1.5 size-2 shrink-0 rounded-full"
          style={{ background: actionColor(row.original.action) }}
        />
        <div>
          <span className="font-medium">{actionLabel(row.original.action)}</span>
          <span className="block font-mono text-[11px] text-muted-foreground">{row.original.app}</span>
        </div>
      </div>
    ),
  },
  {
    id: "user",
    header: "User",
    meta: { ordering: "user" },
    cell: ({ row }) => {
      const user = row.original.user;
      if (!user.username) return <span className="text-muted-foreground">—</span>;
      return (
        <div>
          <FilterLink param="username" value={String(user.username)}>
            {String(user.username)}
          </FilterLink>
          {user.on_behalf_of?.username && (
            <span className="block text-xs text-muted-foreground">
              on behalf of {String(user.on_behalf_of.username)}
            </span>
          )}
        </div>
      );
    },
  },
  {
    id: "created",
    header: "Created",
    meta: { ordering: "created" },
    cell: ({ row }) => <RelativeTime value={row.original.created} showAbsolute />,
  },
  {
    id: "client_ip",
    header: "Client IP",
    meta: { ordering: "client_ip" },
    cell: ({ row }) => {
      const geo = geoOf(row.original);
      if (!row.original.client_ip) return <span className="text-muted-foreground">—</span>;
      return (
        <div>
          <FilterLink param="client_ip" value={row.original.client_ip} className="font-mono text-xs">
            {row.original.client_ip}
          </FilterLink>
          {geo?.country && (
            <span className="block text-xs text-muted-foreground">
              {[geo.city, geo.country].filter(Boolean).join(", ")}
            </span>
          )}
        </div>
      );
    },
  },
  {
    id: "brand",
    header: "Brand",
    meta: { ordering: "brand" },
    cell: ({ row }) =>
      row.original.brand.name ? String(row.original.brand.name) : <span className="text-muted-foreground">—</span>,
  },
  {
    id: "details",
    header: () => <span className="sr-only">Details</span>,
    meta: { className: "w-10" },
    cell: ({ row }) => (
      <Button variant="ghost" size="icon" className="size-8" asChild>
        <Link href={`/events/${row.original.pk}`} aria-label="Show details">
          <ExternalLinkIcon />
        </Link>
      </Button>
    ),
  },
];

export function EventsTable({
  data,
  pagination,
  pageSize,
  actions,
}: {
  data: TSerializedEvent[];
  pagination: TPagination;
  pageSize: number;
  actions: TPickOption[];
}) {
  return (
    <DataTable
      label="Events"
      columns={columns}
      data={data}
      pagination={pagination}
      pageSize={pageSize}
      getRowId={(event) => event.pk}
      toolbar={<EventFilters actions={actions} />}
      renderExpanded={(event) => <EventInfo event={event} />}
      empty={
        <EmptyState
          icon={<ScrollTextIcon />}
          title="No events match"
          description="Widen the time range, remove filters, or send events to the API."
        />
      }
    />
  );
}
