import { z } from "zod";
import { ZPageParams } from "@/lib/api/pagination";
import { zQueryBool } from "@/lib/api/query-params";
import { zDateTime } from "@/lib/api/zod-fields";
import { normalizeIp } from "@/lib/net/client-ip";
import { ACTION_PATTERN, EVENT_ACTIONS } from "./action-catalogue";

export const MAX_CONTEXT_BYTES = 64 * 1024;
export const MAX_BULK_EVENTS = 1000;
/** Bulk bodies may be larger than the default 1 MiB: up to 1,000 events of a few KiB each. */
export const MAX_BULK_BODY_BYTES = 16 * 1024 * 1024;

const ZJsonObject = (field: string) => z.record(z.string(), z.unknown(), { error: `${field} must be a JSON object.` });

export const ZAction = z
  .string({ error: "This field is required." })
  .trim()
  .regex(
    ACTION_PATTERN,
    "Action must start with a letter or digit and contain only letters, digits, _ . : - (at most 100 characters).",
  );

export const ZClientIp = z.string({ error: "Enter a valid IPv4 or IPv6 address." }).transform((value, ctx) => {
  const ip = normalizeIp(value);
  if (!ip) {
    ctx.addIssue({ code: "custom", message: "Enter a valid IPv4 or IPv6 address." });
    return z.NEVER;
  }
  return ip;
});

const ZContext = ZJsonObject("Context").superRefine((value, ctx) => {
  const size = Buffer.byteLength(JSON.stringify(value), "utf8");
  if (size > MAX_CONTEXT_BYTES)
    ctx.addIssue({
      code: "custom",
      message: `Context is ${size} bytes; the limit is ${MAX_CONTEXT_BYTES} bytes (64 KiB).`,
    });
});

const eventFields = {
  action: ZAction,
  app: z
    .string({ error: "This field is required." })
    .trim()
    .min(1, "This field may not be blank.")
    .max(255, "Ensure this field has no more than 255 characters."),
  context: ZContext.default({}),
  client_ip: ZClientIp.nullable().optional(),
  user: ZJsonObject("User").default({}),
  brand: ZJsonObject("Brand").default({}),
  expires: zDateTime().optional(),
  /** Herald extension: a client-chosen pk makes the create idempotent. */
  pk: z
    .uuid({ error: "Must be a valid UUID." })
    .transform((value) => value.toLowerCase())
    .optional(),
};

/** authentik's EventRequest (plus the optional pk). */
export const ZEventRequest = z.object(eventFields).strip();
export type TEventRequest = z.infer<typeof ZEventRequest>;

/** One item of a bulk request: EventRequest or authentik's exported Event (its `created` is kept). */
export const ZBulkEventItem = z
  .object({
    ...eventFields,
    created: zDateTime().optional(),
  })
  .strip()
  .superRefine((value, ctx) => {
    if (value.created && value.created.getTime() > Date.now() + 5 * 60_000) {
      ctx.addIssue({ code: "custom", path: ["created"], message: "Created may not be in the future." });
    }
  });
export type TBulkEventItem = z.infer<typeof ZBulkEventItem>;

const EVENT_ORDERINGS = ["created", "action", "app", "user", "client_ip", "brand"] as const;

/** Filters of GET /events/events/ (authentik's, plus Herald's time range and geo filters for the UI). */
export const ZEventFilters = z
  .object({
    action: z.string().max(100).optional(),
    actions: z.array(z.string().max(100)).optional(),
    client_ip: ZClientIp.optional(),
    username: z.string().max(150).optional(),
    context_model_pk: z.string().max(200).optional(),
    context_model_name: z.string().max(200).optional(),
    context_model_app: z.string().max(200).optional(),
    context_authorized_app: z.string().max(200).optional(),
    /** authentik's device filter: the pk of the endpoint device in context.device (dashes ignored). */
    context_device: z.string().max(200).optional(),
    brand_name: z.string().max(200).optional(),
    app: z.string().max(255).optional(),
    /** AKQL, or plain text when it does not parse as AKQL. */
    search: z.string().trim().max(2000).optional(),
    created__gte: zDateTime().optional(),
    created__lt: zDateTime().optional(),
    country: z.string().trim().max(8).optional(),
    /** "minLat,minLong,maxLat,maxLong" — a map cluster's bounds. */
    geo_bbox: z
      .string()
      .regex(/^-?\d+(\.\d+)?(,-?\d+(\.\d+)?){3}$/, "Expected minLat,minLong,maxLat,maxLong.")
      .transform((value) => value.split(",").map(Number) as [number, number, number, number])
      .optional(),
    has_geo: zQueryBool.optional(),
  })
  .strip();
export type TEventFilters = z.infer<typeof ZEventFilters>;
export const EVENT_FILTER_ARRAY_KEYS = ["actions"];

export const ZEventListQuery = ZPageParams.extend(ZEventFilters.shape).extend({
  ordering: z
    .string()
    .refine((value) => EVENT_ORDERINGS.includes(value.replace(/^-/, "") as (typeof EVENT_ORDERINGS)[number]), {
      message: `Ordering must be one of ${EVENT_ORDERINGS.join(", ")} (prefix - for descending).`,
    })
    .default("-created"),
});
export type TEventListQuery = z.infer<typeof ZEventListQuery>;

export const MAX_VOLUME_DAYS = 90;
export const ZVolumeQuery = ZEventFilters.extend({
  history_days: z.coerce
    .number({ error: "A valid number is required." })
    .positive("Ensure this value is greater than 0.")
    .max(MAX_VOLUME_DAYS, `Ensure this value is less than or equal to ${MAX_VOLUME_DAYS}.`)
    .default(7),
});
export type TVolumeQuery = z.infer<typeof ZVolumeQuery>;

export const ZTopPerUserQuery = z
  .object({
    action: z.enum(EVENT_ACTIONS, { error: "Select a valid choice." }).or(ZAction).default("login"),
    top_n: z.coerce.number({ error: "A valid integer is required." }).int().min(1).max(100).default(15),
  })
  .strip();

export const ZMapQuery = ZEventFilters.extend({
  zoom: z.coerce.number({ error: "A valid number is required." }).int().min(0).max(18).default(2),
});
export type TMapQuery = z.infer<typeof ZMapQuery>;
