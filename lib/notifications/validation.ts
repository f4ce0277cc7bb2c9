import { z } from "zod";
import { SEVERITIES } from "@/db/schema";
import { ZPageParams } from "@/lib/api/pagination";
import { zDateTime, zOrdering, zQueryInt } from "@/lib/api/zod-fields";

const ZBoolParam = z
  .enum(["true", "false"], { error: "Must be a valid boolean." })
  .transform((value) => value === "true");

export const ZNotificationListQuery = ZPageParams.extend({
  body: z.string().max(1000).optional(),
  created: zDateTime("Enter a valid date/time.").optional(),
  event: z.uuid({ error: "Must be a valid UUID." }).optional(),
  seen: ZBoolParam.optional(),
  severity: z.enum(SEVERITIES, { error: "Select a valid choice." }).optional(),
  /** authentik's filter; Herald always scopes to the caller, so another user's pk simply matches nothing. */
  user: zQueryInt().optional(),
  search: z.string().max(1000).optional(),
  ordering: zOrdering(["created", "severity", "seen"]).optional(),
});
export type TNotificationListQuery = z.infer<typeof ZNotificationListQuery>;

/** Only `seen` is writable (authentik's serializer makes everything else read-only). */
export const ZNotificationPatch = z
  .object({ seen: z.boolean({ error: "Must be a valid boolean." }).optional() })
  .strip();
export type TNotificationPatch = z.infer<typeof ZNotificationPatch>;
