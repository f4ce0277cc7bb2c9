"use client";

import { XIcon } from "lucide-react";
import { SearchBox } from "@/components/data-table/search-box";
import { useUrlState } from "@/components/data-table/use-url-state";
import { MultiSelect, type TPickOption } from "@/components/forms/multi-select";
import { Select } from "@/components/ui/select";

const TIME_RANGES = [
  { value: "1", label: "Last 24 hours" },
  { value: "7", label: "Last 7 days" },
  { value: "30", label: "Last 30 days" },
  { value: "90", label: "Last 90 days" },
];

/** Filters that have no control of their own show as removable chips (set by links and the map). */
const CHIP_LABELS: Record<string, string> = {
  username: "User",
  client_ip: "Client IP",
  action: "Action contains",
  app: "App",
  brand_name: "Brand",
  country: "Country",
  geo_bbox: "Map area",
  created__gte: "Since",
  created__lt: "Before",
  context_model_app: "Model app",
  context_model_name: "Model",
  context_model_pk: "Model ID",
  context_authorized_app: "Application",
};

function chipValue(key: string, value: string): string {
  if (key.startsWith("created__")) {
    const date = new Date(value);
    return Number.isNaN(date.getTime())
      ? value
      : date.toLocaleString(undefined, { dateStyle: "medium", timeStyle: "short" });
  }
  return value;
}

export function EventFilters({ actions }: { actions: TPickOption[] }) {
  const { params, set } = useUrlState();
  const chips = Object.keys(CHIP_LABELS).filter((key) => params.get(key));
  return (
    <div className="flex w-full flex-col gap-2">
      <div className="flex flex-wrap items-center gap-2">
        <SearchBox placeholder="Search actions, users, IPs, context…" />
        <div className="w-72">
          <MultiSelect
            id="filter-actions"
            options={actions}
            value={params.getAll("actions")}
            onChange={(next) => set({ actions: next })}
            placeholder="All actions"
          />
        </div>
        <Select
          aria-label="Time range"
          className="w-44"
          value=""
          placeholder="Time range"
          options={TIME_RANGES}
          onValueChange={(days) =>
            set({
              created__gte: new Date(Date.now() - Number(days) * 24 * 3600 * 1000).toISOString(),
              created__lt: null,
            })
          }
        />
      </div>
      {chips.length > 0 && (
        <ul aria-label="Active filters" className="flex flex-wrap gap-1.5">
          {chips.map((key) => (
            <li
              key={key}
              className="inline-flex items-center gap-1 rounded-full border bg-secondary px-2.5 py-0.5 text-xs"
            >
              <span className="text-muted-foreground">{CHIP_LABELS[key]}:</span>{" "}
              <span className="font-medium">{chipValue(key, params.get(key) ?? "")}</span>
              <button
                type="button"
                aria-label={`Remove filter ${CHIP_LABELS[key]}`}
                className="ml-0.5 opacity-60 hover:opacity-100"
                onClick={() => set({ [key]: null })}
              >
                <XIcon className="size-3" />
              </button>
            </li>
          ))}
          <li>
            <button
              type="button"
              className="text-xs text-muted-foreground underline-offset-2 hover:underline"
              onClick={() => set(Object.fromEntries([...chips, "actions", "search"].map((key) => [key, null])))}
            >
              Clear all
            </button>
          </li>
        </ul>
      )}
    </div>
  );
}
