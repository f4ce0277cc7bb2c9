import { z } from "zod";
import { DELIVERY_STATUSES } from "@/db/schema";
import { ZPageParams } from "@/lib/api/pagination";

export const ZDeliveryListQuery = ZPageParams.extend({
  status: z.enum(DELIVERY_STATUSES, { error: "Select a valid choice." }).optional(),
  transport: z.uuid({ error: "Must be a valid UUID." }).optional(),
  rule: z.uuid({ error: "Must be a valid UUID." }).optional(),
  event: z.uuid({ error: "Must be a valid UUID." }).optional(),
  ordering: z.enum(["created", "-created", "updated", "-updated"], { error: "Select a valid choice." }).optional(),
});
export type TDeliveryListQuery = z.infer<typeof ZDeliveryListQuery>;

export const ZReplayDeadBody = z
  .object({
    transport: z.uuid({ error: "Must be a valid UUID." }).optional(),
    rule: z.uuid({ error: "Must be a valid UUID." }).optional(),
  })
  .strip();
