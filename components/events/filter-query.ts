"use client";

import { useSearchParams } from "next/navigation";

/** URL keys that are event filters (lib/events/validation.ts ZEventFilters), not list paging or view state. */
export const EVENT_FILTER_KEYS = [
  "action",
  "actions",
  "client_ip",
  "username",
  "context_model_pk",
  "context_model_name",
  "context_model_app",
  "context_authorized_app",
  "brand_name",
  "app",
  "search",
  "created__gte",
  "created__lt",
  "country",
  "geo_bbox",
  "has_geo",
] as const;

/** The current page's event filters as a query string for the volume and map endpoints. */
export function useEventFilterQuery(): string {
  const params = useSearchParams();
  const out = new URLSearchParams();
  for (const key of EVENT_FILTER_KEYS) for (const value of params.getAll(key)) out.append(key, value);
  return out.toString();
}
