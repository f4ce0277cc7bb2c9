import { z } from "zod";
import { DELIVERY_STATUSES } from "@/db/schema";
import { zCursor } from "@/lib/api/cursor";
import { ZPageParams } from "@/lib/api/pagination";
import { zOrdering } from "@/lib/api/zod-fields";

export const ZDeliveryListQuery = ZPageParams.extend({
  status: z.enum(DELIVERY_STATUSES, { error: "Select a valid choice." }).optional(),
  transport: z.uuid({ error: "Must be a valid UUID." }).optional(),
  rule: z.uuid({ error: "Must be a valid UUID." }).optional(),
  event: z.uuid({ error: "Must be a valid UUID." }).optional(),
  ordering: zOrdering(["created", "updated"]).optional(),
  /** Herald's keyset page (newest first): the `next_cursor` of the page before. */
  cursor: zCursor(),
});
export type TDeliveryListQuery = z.infer<typeof ZDeliveryListQuery>;

export const ZReplayDeadBody = z
  .object({
    transport: z.uuid({ error: "Must be a valid UUID." }).optional(),
    rule: z.uuid({ error: "Must be a valid UUID." }).optional(),
  })
  .strip();
