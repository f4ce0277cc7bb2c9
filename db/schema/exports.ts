import { bigint, index, integer, jsonb, pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { users } from "./auth";

export const EXPORT_FORMATS = ["csv", "ndjson"] as const;
export type TExportFormat = (typeof EXPORT_FORMATS)[number];

export const EXPORT_STATUSES = ["pending", "running", "completed", "failed"] as const;
export type TExportStatus = (typeof EXPORT_STATUSES)[number];

/** authentik's DataExport: a requested export of the event log, written by a background job. */
export const dataExports = pgTable(
  "data_exports",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    requestedBy: integer("requested_by").references(() => users.id, { onDelete: "set null" }),
    requestedOn: timestamp("requested_on", { withTimezone: true }).notNull().defaultNow(),
    /** `text/csv` or `application/x-ndjson`. */
    contentType: text("content_type").notNull(),
    /** The list filters (and AKQL search) the export was asked with, as query parameters. */
    queryParams: jsonb("query_params").$type<Record<string, string>>().notNull().default({}),
    status: text("status").$type<TExportStatus>().notNull().default("pending"),
    /** Where the finished file lives, relative to the data directory's exports folder. */
    fileName: text("file_name"),
    rowsWritten: bigint("rows_written", { mode: "number" }).notNull().default(0),
    /** Rows matching when the job started, for progress; null until counted. */
    rowsTotal: bigint("rows_total", { mode: "number" }),
    bytesWritten: bigint("bytes_written", { mode: "number" }).notNull().default(0),
    error: text("error"),
    completedAt: timestamp("completed_at", { withTimezone: true }),
  },
  (t) => [index("data_exports_requested_by_idx").on(t.requestedBy, t.requestedOn.desc())],
);

export type TDataExport = typeof dataExports.$inferSelect;
