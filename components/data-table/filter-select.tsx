"use client";

import { Select, type TSelectOption } from "@/components/ui/select";
import { useUrlState } from "./use-url-state";

/** A select bound to one URL parameter; the empty choice removes the filter. */
export function FilterSelect({
  param,
  label,
  options,
  allLabel = "All",
}: {
  param: string;
  label: string;
  options: TSelectOption[];
  allLabel?: string;
}) {
  const { params, set } = useUrlState();
  return (
    <Select
      aria-label={label}
      className="w-auto min-w-36"
      value={params.get(param) ?? ""}
      onValueChange={(value) => set({ [param]: value })}
      options={options}
      emptyLabel={`${label}: ${allLabel}`}
    />
  );
}
