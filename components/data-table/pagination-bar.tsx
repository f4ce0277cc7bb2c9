"use client";

import { ChevronLeftIcon, ChevronRightIcon } from "lucide-react";
import { Button } from "@/components/ui/button";
import { Select } from "@/components/ui/select";
import type { TPagination } from "@/lib/api/pagination";
import { useUrlState } from "./use-url-state";

const PAGE_SIZES = ["20", "50", "100"];

export function PaginationBar({ pagination, pageSize }: { pagination: TPagination; pageSize: number }) {
  const { set } = useUrlState();
  const { count, start_index: start, end_index: end, current, total_pages: pages } = pagination;
  return (
    <div className="flex flex-wrap items-center justify-between gap-3 border-t px-3 py-2.5 text-sm text-muted-foreground">
      <span aria-live="polite">{count === 0 ? "No results" : `${start}–${end} of ${count.toLocaleString()}`}</span>
      <div className="flex items-center gap-2">
        <Select
          aria-label="Rows per page"
          className="h-8 w-[4.5rem]"
          value={String(pageSize)}
          onValueChange={(value) => set({ page_size: value })}
          options={PAGE_SIZES.map((size) => ({ value: size, label: size }))}
        />
        <span className="whitespace-nowrap">
          Page {current} of {pages}
        </span>
        <Button
          variant="outline"
          size="icon"
          className="size-8"
          aria-label="Previous page"
          disabled={!pagination.previous}
          onClick={() => set({ page: String(pagination.previous) })}
        >
          <ChevronLeftIcon />
        </Button>
        <Button
          variant="outline"
          size="icon"
          className="size-8"
          aria-label="Next page"
          disabled={!pagination.next}
          onClick={() => set({ page: String(pagination.next) })}
        >
          <ChevronRightIcon />
        </Button>
      </div>
    </div>
  );
}
