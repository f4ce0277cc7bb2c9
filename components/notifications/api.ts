import type { TBellFilters, TBellNotification, TBellPage } from "./types";

/**
 * The browser's calls to the notifications API (same origin, so the session cookie passes the
 * CSRF check). Every call throws an Error carrying the server's message on a non-2xx answer.
 */
export const NOTIFICATIONS_API = "/api/v3/events/notifications/";

async function call<T>(path: string, init?: RequestInit): Promise<T> {
  const response = await fetch(path, {
    ...init,
    headers: init?.body ? { "content-type": "application/json" } : undefined,
    credentials: "same-origin",
  });
  if (!response.ok) {
    const problem = await response.json().catch(() => null);
    throw new Error(problem?.detail ?? problem?.message ?? `The notifications request failed (${response.status}).`);
  }
  return (response.status === 204 ? null : await response.json()) as T;
}

const post = <T>(path: string, body?: unknown) =>
  call<T>(path, { method: "POST", body: body === undefined ? undefined : JSON.stringify(body) });

export function listQueryString(filters: TBellFilters, cursor: string | null, pageSize: number): string {
  const params = new URLSearchParams({ page_size: String(pageSize), ordering: "-created" });
  if (cursor) params.set("cursor", cursor);
  if (filters.seen !== undefined) params.set("seen", String(filters.seen));
  if (filters.severity) params.set("severity", filters.severity);
  if (filters.createdGte) params.set("created__gte", filters.createdGte);
  if (filters.createdLt) params.set("created__lt", filters.createdLt);
  if (filters.search) params.set("search", filters.search);
  return params.toString();
}

export const notificationsApi = {
  list: (filters: TBellFilters, cursor: string | null, pageSize: number) =>
    call<TBellPage>(`${NOTIFICATIONS_API}?${listQueryString(filters, cursor, pageSize)}`),
  unreadCount: async () => (await call<{ count: number }>(`${NOTIFICATIONS_API}unread_count/`)).count,
  setSeen: (pk: string, seen: boolean) =>
    call<TBellNotification>(`${NOTIFICATIONS_API}${pk}/`, { method: "PATCH", body: JSON.stringify({ seen }) }),
  remove: (pk: string) => call<null>(`${NOTIFICATIONS_API}${pk}/`, { method: "DELETE" }),
  markAllSeen: () => post<null>(`${NOTIFICATIONS_API}mark_all_seen/`),
  clearSeen: () => post<null>(`${NOTIFICATIONS_API}clear_seen/`),
  clearAll: () => post<null>(`${NOTIFICATIONS_API}clear_all/`),
  bulkSeen: (uuids: string[], seen: boolean) => post<{ count: number }>(`${NOTIFICATIONS_API}bulk/`, { uuids, seen }),
  bulkDelete: (uuids: string[]) => post<{ count: number }>(`${NOTIFICATIONS_API}bulk/`, { uuids, delete: true }),
};
