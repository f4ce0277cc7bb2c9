"use client";

import * as React from "react";
import type { TBellFilters } from "@/components/notifications/types";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { Select } from "@/components/ui/select";

export type TFilterForm = { status: string; severity: string; from: string; to: string; search: string };
export const EMPTY_FILTERS: TFilterForm = { status: "", severity: "", from: "", to: "", search: "" };

/** The form's values as API filters: dates are whole local days, "to" included. */
export function toApiFilters(form: TFilterForm): TBellFilters {
  const filters: TBellFilters = {};
  if (form.status) filters.seen = form.status === "read";
  if (form.severity) filters.severity = form.severity as TBellFilters["severity"];
  if (form.from) filters.createdGte = new Date(`${form.from}T00:00:00`).toISOString();
  if (form.to) {
    const end = new Date(`${form.to}T00:00:00`);
    end.setDate(end.getDate() + 1);
    filters.createdLt = end.toISOString();
  }
  if (form.search.trim()) filters.search = form.search.trim();
  return filters;
}

/** Status, severity, a date range and text in the body; text applies after a short pause in typing. */
export function NotificationFilters({
  value,
  onChange,
}: {
  value: TFilterForm;
  onChange: (next: TFilterForm) => void;
}) {
  const [search, setSearch] = React.useState(value.search);
  const latest = React.useRef(value);
  latest.current = value;
  React.useEffect(() => {
    if (search === latest.current.search) return;
    const timer = setTimeout(() => onChange({ ...latest.current, search }), 300);
    return () => clearTimeout(timer);
  }, [search, onChange]);
  const set = (field: keyof TFilterForm) => (next: string) => onChange({ ...value, [field]: next });
  return (
    <fieldset className="grid grid-cols-2 gap-3 sm:grid-cols-[repeat(4,minmax(0,1fr))_minmax(0,1.5fr)]">
      <legend className="sr-only">Filter notifications</legend>
      <div className="grid gap-1.5">
        <Label htmlFor="notification-status">Status</Label>
        <Select
          id="notification-status"
          value={value.status}
          onValueChange={set("status")}
          emptyLabel="All"
          placeholder="All"
          options={[
            { value: "unread", label: "Unread" },
            { value: "read", label: "Read" },
          ]}
        />
      </div>
      <div className="grid gap-1.5">
        <Label htmlFor="notification-severity">Severity</Label>
        <Select
          id="notification-severity"
          value={value.severity}
          onValueChange={set("severity")}
          emptyLabel="Any"
          placeholder="Any"
          options={[
            { value: "notice", label: "Notice" },
            { value: "warning", label: "Warning" },
            { value: "alert", label: "Alert" },
          ]}
        />
      </div>
      <div className="grid gap-1.5">
        <Label htmlFor="notification-from">From</Label>
        <Input id="notification-from" type="date" value={value.from} onChange={(e) => set("from")(e.target.value)} />
      </div>
      <div className="grid gap-1.5">
        <Label htmlFor="notification-to">To</Label>
        <Input id="notification-to" type="date" value={value.to} onChange={(e) => set("to")(e.target.value)} />
      </div>
      <div className="col-span-2 grid gap-1.5 sm:col-span-1">
        <Label htmlFor="notification-search">Text</Label>
        <Input
          id="notification-search"
          type="search"
          placeholder="Search the text"
          value={search}
          onChange={(e) => setSearch(e.target.value)}
        />
      </div>
    </fieldset>
  );
}
