import { z } from "zod";
import { ENGINE_MODES, SEVERITIES } from "@/db/schema";
import { ZPageParams } from "@/lib/api/pagination";
import { quotedInput, ZName, zOrdering } from "@/lib/api/zod-fields";

const choice = <T extends readonly [string, ...string[]]>(values: T) =>
  z.enum(values, { error: (issue) => `${quotedInput(issue.input)} is not a valid choice.` });

/** authentik's NotificationRuleRequest plus Herald's enabled and policy_engine_mode. */
const ZRuleFields = z
  .object({
    name: ZName,
    transports: z
      .array(z.uuid({ error: "Must be a valid UUID." }), { error: "Expected a list of items." })
      .max(100, "Ensure this field has no more than 100 elements."),
    severity: choice(SEVERITIES),
    destination_group: z.uuid({ error: "Must be a valid UUID." }).nullable(),
    destination_event_user: z.boolean({ error: "Must be a valid boolean." }),
    enabled: z.boolean({ error: "Must be a valid boolean." }),
    policy_engine_mode: choice(ENGINE_MODES),
  })
  .strip();

export const ZRuleCreate = ZRuleFields.extend({
  transports: ZRuleFields.shape.transports.default([]),
  severity: ZRuleFields.shape.severity.default("notice"),
  destination_group: ZRuleFields.shape.destination_group.default(null),
  destination_event_user: ZRuleFields.shape.destination_event_user.default(false),
  enabled: ZRuleFields.shape.enabled.default(true),
  policy_engine_mode: ZRuleFields.shape.policy_engine_mode.default("any"),
});
export type TRuleCreate = z.infer<typeof ZRuleCreate>;

export const ZRulePatch = ZRuleFields.partial();
export type TRulePatch = z.infer<typeof ZRulePatch>;

export const ZRuleListQuery = ZPageParams.extend({
  name: z.string().max(1000).optional(),
  severity: choice(SEVERITIES).optional(),
  destination_group__name: z.string().max(1000).optional(),
  search: z.string().max(1000).optional(),
  ordering: zOrdering(["name", "severity"]).optional(),
});
export type TRuleListQuery = z.infer<typeof ZRuleListQuery>;
