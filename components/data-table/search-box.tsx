"use client";

import { SearchIcon, XIcon } from "lucide-react";
import { useEffect, useRef, useState } from "react";
import { Input } from "@/components/ui/input";
import { useUrlState } from "./use-url-state";

/** Debounced free-text search bound to the `search` URL parameter (or another). */
export function SearchBox({ placeholder = "Search…", param = "search" }: { placeholder?: string; param?: string }) {
  const { params, set } = useUrlState();
  const current = params.get(param) ?? "";
  const [value, setValue] = useState(current);
  const timer = useRef<ReturnType<typeof setTimeout>>(undefined);
  useEffect(() => setValue(current), [current]);
  const commit = (next: string) => {
    clearTimeout(timer.current);
    timer.current = setTimeout(() => set({ [param]: next.trim() }, { replace: true }), 350);
  };
  return (
    <div className="relative w-full max-w-xs">
      <SearchIcon className="pointer-events-none absolute left-2.5 top-1/2 size-4 -translate-y-1/2 text-muted-foreground" />
      <Input
        type="search"
        aria-label={placeholder}
        placeholder={placeholder}
        value={value}
        className="pl-8 pr-8"
        onChange={(event) => {
          setValue(event.target.value);
          commit(event.target.value);
        }}
        onKeyDown={(event) => {
          if (event.key === "Enter") {
            clearTimeout(timer.current);
            set({ [param]: value.trim() });
          }
        }}
      />
      {value && (
        <button
          type="button"
          aria-label="Clear search"
          className="absolute right-2 top-1/2 -translate-y-1/2 text-muted-foreground hover:text-foreground"
          onClick={() => {
            setValue("");
            set({ [param]: null });
          }}
        >
          <XIcon className="size-4" />
        </button>
      )}
    </div>
  );
}
