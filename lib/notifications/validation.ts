import { z } from "zod";
import { SEVERITIES } from "@/db/schema";
import { zCursor } from "@/lib/api/cursor";
import { ZPageParams } from "@/lib/api/pagination";
import { zDateTime, zOrdering, zQueryInt } from "@/lib/api/zod-fields";

const ZBoolParam = z
  .enum(["true", "false"], { error: "Must be a valid boolean." })
  .transform((value) => value === "true");

export const ZNotificationListQuery = ZPageParams.extend({
  body: z.string().max(1000).optional(),
  created: zDateTime("Enter a valid date/time.").optional(),
  created__gte: zDateTime("Enter a valid date/time.").optional(),
  created__lt: zDateTime("Enter a valid date/time.").optional(),
  /** Herald's keyset page (newest first); `pagination.next_cursor` of the previous page. */
  cursor: zCursor(),
  event: z.uuid({ error: "Must be a valid UUID." }).optional(),
  seen: ZBoolParam.optional(),
  severity: z.enum(SEVERITIES, { error: "Select a valid choice." }).optional(),
  /** authentik's filter; Herald always scopes to the caller, so another user's pk simply matches nothing. */
  user: zQueryInt().optional(),
  search: z.string().max(1000).optional(),
  ordering: zOrdering(["created", "severity", "seen"]).optional(),
});
export type TNotificationListQuery = z.infer<typeof ZNotificationListQuery>;

export const MAX_BULK_NOTIFICATIONS = 1000;

/** Herald's bulk change of the caller's own notifications: mark read/unread, or delete. */
export const ZNotificationBulk = z
  .object({
    uuids: z
      .array(z.uuid({ error: "Must be a valid UUID." }), { error: "Expected a list of items." })
      .min(1, "This list may not be empty.")
      .max(MAX_BULK_NOTIFICATIONS, `Ensure this field has no more than ${MAX_BULK_NOTIFICATIONS} elements.`),
    seen: z.boolean({ error: "Must be a valid boolean." }).optional(),
    delete: z.literal(true, { error: "Must be true." }).optional(),
  })
  .strip()
  .superRefine((value, ctx) => {
    if ((value.seen === undefined) === (value.delete === undefined))
      ctx.addIssue({ code: "custom", path: ["seen"], message: "Give exactly one of seen or delete." });
  });
export type TNotificationBulk = z.infer<typeof ZNotificationBulk>;

/** Only `seen` is writable (authentik's serializer makes everything else read-only). */
export const ZNotificationPatch = z
  .object({ seen: z.boolean({ error: "Must be a valid boolean." }).optional() })
  .strip();
export type TNotificationPatch = z.infer<typeof ZNotificationPatch>;
