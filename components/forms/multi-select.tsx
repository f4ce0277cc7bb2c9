"use client";

import { CheckIcon, ChevronsUpDownIcon, XIcon } from "lucide-react";
import * as React from "react";
import { Badge } from "@/components/ui/badge";
import { cn } from "@/components/ui/cn";
import { inputClass } from "@/components/ui/input";
import { Popover, PopoverContent, PopoverTrigger } from "@/components/ui/popover";

export type TPickOption = { value: string; label: string; description?: string };

/** A searchable multi-picker with chips (users, groups, transports). */
export function MultiSelect({
  id,
  options,
  value,
  onChange,
  placeholder = "Select…",
  emptyText = "Nothing matches.",
  single = false,
  "aria-invalid": invalid,
  "aria-describedby": describedBy,
}: {
  id?: string;
  options: TPickOption[];
  value: string[];
  onChange: (value: string[]) => void;
  placeholder?: string;
  emptyText?: string;
  /** Pick at most one (a searchable single select). */
  single?: boolean;
  "aria-invalid"?: boolean;
  "aria-describedby"?: string;
}) {
  const [open, setOpen] = React.useState(false);
  const [query, setQuery] = React.useState("");
  const byValue = new Map(options.map((option) => [option.value, option]));
  const needle = query.trim().toLowerCase();
  const visible = options
    .filter((option) => !needle || `${option.label} ${option.description ?? ""}`.toLowerCase().includes(needle))
    .slice(0, 200);
  const toggle = (item: string) => {
    if (single) {
      onChange(value.includes(item) ? [] : [item]);
      setOpen(false);
    } else onChange(value.includes(item) ? value.filter((entry) => entry !== item) : [...value, item]);
  };
  return (
    <Popover open={open} onOpenChange={setOpen}>
      <PopoverTrigger asChild>
        <button
          type="button"
          id={id}
          role="combobox"
          aria-expanded={open}
          aria-invalid={invalid}
          aria-describedby={describedBy}
          className={cn(inputClass, "h-auto min-h-9 flex-wrap items-center gap-1 py-1 text-left")}
        >
          {value.length === 0 && <span className="text-muted-foreground">{placeholder}</span>}
          {value.map((item) => (
            <Badge key={item} variant="secondary" className="gap-1">
              {byValue.get(item)?.label ?? item}
              <span
                role="button"
                tabIndex={-1}
                aria-label={`Remove ${byValue.get(item)?.label ?? item}`}
                onClick={(event) => {
                  event.stopPropagation();
                  onChange(value.filter((entry) => entry !== item));
                }}
                className="cursor-pointer opacity-60 hover:opacity-100"
              >
                <XIcon />
              </span>
            </Badge>
          ))}
          <ChevronsUpDownIcon className="ml-auto size-4 shrink-0 opacity-50" />
        </button>
      </PopoverTrigger>
      <PopoverContent className="w-[var(--radix-popover-trigger-width)] min-w-64 p-0">
        <input
          autoFocus
          aria-label="Filter options"
          placeholder="Type to filter…"
          value={query}
          onChange={(event) => setQuery(event.target.value)}
          className="w-full border-b bg-transparent px-3 py-2 text-sm outline-none"
        />
        <ul role="listbox" aria-multiselectable={!single} className="max-h-64 overflow-y-auto p-1">
          {visible.length === 0 && <li className="px-2 py-3 text-center text-sm text-muted-foreground">{emptyText}</li>}
          {visible.map((option) => {
            const selected = value.includes(option.value);
            return (
              <li
                key={option.value}
                role="option"
                aria-selected={selected}
                tabIndex={0}
                onClick={() => toggle(option.value)}
                onKeyDown={(event) => {
                  if (event.key === "Enter" || event.key === " ") {
                    event.preventDefault();
                    toggle(option.value);
                  }
                }}
                className="flex cursor-pointer items-center gap-2 rounded-sm px-2 py-1.5 text-sm outline-none hover:bg-accent focus:bg-accent"
              >
                <span
                  className={cn(
                    "flex size-4 items-center justify-center rounded-sm border",
                    selected && "border-primary bg-primary text-primary-foreground",
                  )}
                >
                  {selected && <CheckIcon className="size-3" />}
                </span>
                <span className="min-w-0 flex-1">
                  <span className="block truncate">{option.label}</span>
                  {option.description && (
                    <span className="block truncate text-xs text-muted-foreground">{option.description}</span>
                  )}
                </span>
              </li>
            );
          })}
        </ul>
      </PopoverContent>
    </Popover>
  );
}
