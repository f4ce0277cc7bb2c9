import type { TTokenScope } from "@/db/schema";

/** What the scope pickers show, in TOKEN_SCOPES' order (a type-only import, so forms can use it). */
export const TOKEN_SCOPE_LABELS: Record<TTokenScope, { label: string; description: string }> = {
  "events:write": { label: "events:write: send events", description: "Ingest only: create events, bulk and imports." },
  "events:read": {
    label: "events:read: read events",
    description: "The log, event detail, volume, map, stats, export.",
  },
  notifications: {
    label: "notifications: own bell",
    description: "The owner's notifications, stream and preferences.",
  },
  admin: { label: "admin: everything", description: "Everything the owner may do, administration included." },
};
