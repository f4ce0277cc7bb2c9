import { z } from "zod";
import { ZPageParams } from "@/lib/api/pagination";
import { requiredString, ZName, zOrdering } from "@/lib/api/zod-fields";

const ZExpression = requiredString().min(1, "This field may not be blank.").max(65_536);

export const ZMappingCreate = z.object({ name: ZName, expression: ZExpression }).strip();
export const ZMappingPatch = ZMappingCreate.partial();
export type TMappingPatch = z.infer<typeof ZMappingPatch>;

export const ZMappingListQuery = ZPageParams.extend({
  name: z.string().max(1000).optional(),
  search: z.string().max(1000).optional(),
  ordering: zOrdering(["name"]).optional(),
  managed: z.string().max(1000).optional(),
});
export type TMappingListQuery = z.infer<typeof ZMappingListQuery>;

/** Herald extension: POST …/{pm_uuid}/test/ — everything optional, a sample notification fills the gaps. */
export const ZMappingTest = z
  .object({
    notification: z
      .object(
        {
          body: z.string({ error: "Expected a string." }).max(65_536).optional(),
          severity: z
            .enum(["notice", "warning", "alert"], { error: "Must be one of notice, warning, alert." })
            .optional(),
          hyperlink: z.string().max(4096).nullable().optional(),
          hyperlink_label: z.string().max(4096).nullable().optional(),
        },
        { error: "Expected a JSON object." },
      )
      .strip()
      .optional(),
    event: z.record(z.string(), z.unknown(), { error: "Expected a JSON object." }).nullable().optional(),
  })
  .strip();
export type TMappingTest = z.infer<typeof ZMappingTest>;
