"use client";

import * as SelectPrimitive from "@radix-ui/react-select";
import { CheckIcon, ChevronDownIcon } from "lucide-react";
import type * as React from "react";
import { cn } from "./cn";
import { inputClass } from "./input";

export type TSelectOption = { value: string; label: React.ReactNode };

/**
 * A single select. Radix does not allow "" as an item value, so an optional select maps its empty
 * choice to a sentinel and back.
 */
const EMPTY = "__none__";

export function Select(props: {
  id?: string;
  name?: string;
  value: string;
  onValueChange: (value: string) => void;
  options: TSelectOption[];
  placeholder?: string;
  /** Label of an extra "nothing selected" entry; omit for a required select. */
  emptyLabel?: string;
  disabled?: boolean;
  className?: string;
  "aria-invalid"?: boolean;
  "aria-label"?: string;
}) {
  const value = props.value === "" && props.emptyLabel ? EMPTY : props.value;
  return (
    <SelectPrimitive.Root
      name={props.name}
      value={value || undefined}
      onValueChange={(next) => props.onValueChange(next === EMPTY ? "" : next)}
      disabled={props.disabled}
    >
      <SelectPrimitive.Trigger
        id={props.id}
        aria-invalid={props["aria-invalid"]}
        aria-label={props["aria-label"]}
        className={cn(inputClass, "items-center justify-between gap-2 text-left", props.className)}
      >
        <SelectPrimitive.Value
          placeholder={<span className="text-muted-foreground">{props.placeholder ?? "Select…"}</span>}
        />
        <SelectPrimitive.Icon>
          <ChevronDownIcon className="size-4 opacity-60" />
        </SelectPrimitive.Icon>
      </SelectPrimitive.Trigger>
      <SelectPrimitive.Portal>
        <SelectPrimitive.Content
          position="popper"
          sideOffset={4}
          className="z-50 max-h-80 min-w-[var(--radix-select-trigger-width)] overflow-hidden rounded-md border bg-popover text-popover-foreground shadow-md"
        >
          <SelectPrimitive.Viewport className="p-1">
            {props.emptyLabel && <SelectItem value={EMPTY}>{props.emptyLabel}</SelectItem>}
            {props.options.map((option) => (
              <SelectItem key={option.value} value={option.value}>
                {option.label}
              </SelectItem>
            ))}
          </SelectPrimitive.Viewport>
        </SelectPrimitive.Content>
      </SelectPrimitive.Portal>
    </SelectPrimitive.Root>
  );
}

function SelectItem({ value, children }: { value: string; children: React.ReactNode }) {
  return (
    <SelectPrimitive.Item
      value={value}
      className="relative flex w-full cursor-pointer select-none items-center rounded-sm py-1.5 pl-7 pr-2 text-sm outline-none data-[highlighted]:bg-accent"
    >
      <span className="absolute left-2 flex size-4 items-center justify-center">
        <SelectPrimitive.ItemIndicator>
          <CheckIcon className="size-4" />
        </SelectPrimitive.ItemIndicator>
      </span>
      <SelectPrimitive.ItemText>{children}</SelectPrimitive.ItemText>
    </SelectPrimitive.Item>
  );
}
