"use client";

import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { useCallback, useTransition } from "react";

export type TUrlPatch = Record<string, string | string[] | null | undefined>;

/**
 * List state lives in the URL (shareable, back button works). `set` merges a patch: null/""
 * removes a key; any change other than `page` itself goes back to page 1 (unless keepPage: view-only state).
 */
export function useUrlState() {
  const router = useRouter();
  const pathname = usePathname();
  const params = useSearchParams();
  const [pending, startTransition] = useTransition();

  const set = useCallback(
    (patch: TUrlPatch, options: { replace?: boolean; keepPage?: boolean } = {}) => {
      const next = new URLSearchParams(params.toString());
      for (const [key, value] of Object.entries(patch)) {
        next.delete(key);
        if (Array.isArray(value)) {
          for (const item of value) if (item) next.append(key, item);
        } else if (value !== null && value !== undefined && value !== "") next.set(key, value);
      }
      if (!("page" in patch) && !options.keepPage) next.delete("page");
      const query = next.toString();
      const url = query ? `${pathname}?${query}` : pathname;
      startTransition(() =>
        options.replace ? router.replace(url, { scroll: false }) : router.push(url, { scroll: false }),
      );
    },
    [params, pathname, router],
  );

  return { params, set, pending };
}
