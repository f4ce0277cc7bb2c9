import ipaddr from "ipaddr.js";
import { z } from "zod";
import { ZPageParams } from "@/lib/api/pagination";
import { zQueryBool } from "@/lib/api/query-params";
import { quotedInput, requiredString, ZName, zOrdering, zQueryInt } from "@/lib/api/zod-fields";
import { CUSTOM_PREFIX, isBuiltInAction } from "@/lib/events/action-catalogue";
import { normalizeIp } from "@/lib/net/client-ip";

/** Shared by the API handlers and the admin forms. Empty strings mean "not set" (older clients). */
const blankToNull = (value: unknown) => (value === "" ? null : value);

const ZBool = z.boolean({ error: "Must be a valid boolean." });

export const ZMatcherAction = z.preprocess(
  blankToNull,
  z
    .string({ error: "Expected a string." })
    .refine((value) => isBuiltInAction(value) || /^custom_[A-Za-z0-9][\w.:-]{0,92}$/.test(value), {
      error: (issue) =>
        issue.input === CUSTOM_PREFIX
          ? 'Enter the full custom action name, e.g. "custom_deploy".'
          : `${quotedInput(issue.input)} is not a valid choice. Use a built-in action or "custom_<name>".`,
    })
    .nullable(),
);
export const ZMatcherClientIp = z.preprocess(
  blankToNull,
  z
    .string({ error: "Expected a string." })
    .trim()
    .refine(
      (value) => ipaddr.IPv4.isValidFourPartDecimal(value) || ipaddr.IPv6.isValid(value),
      "Enter a valid IPv4 or IPv6 address.",
    )
    .transform((value) => normalizeIp(value) ?? value)
    .nullable(),
);
export const ZMatcherApp = z.preprocess(
  blankToNull,
  z
    .string({ error: "Expected a string." })
    .regex(/^[A-Za-z_][\w]*(\.[A-Za-z_][\w]*)+$/, 'Enter an app as a dotted module name, e.g. "herald.core".')
    .max(255)
    .nullable(),
);
export const ZMatcherModel = z.preprocess(
  blankToNull,
  z
    .string({ error: "Expected a string." })
    .regex(/^[A-Za-z_]\w*\.[A-Za-z_]\w*$/, 'Enter a model as "app_label.model_name", e.g. "herald_core.user".')
    .max(255)
    .nullable(),
);
/** authentik 2026 has AKQL queries; Herald does not: say so instead of ignoring the field. */
const ZQuery = z.preprocess(
  blankToNull,
  z.null({ error: "AKQL queries are not supported; use an expression policy." }).optional(),
);

const matcherShape = {
  name: ZName,
  execution_logging: ZBool,
  action: ZMatcherAction,
  client_ip: ZMatcherClientIp,
  app: ZMatcherApp,
  model: ZMatcherModel,
  query: ZQuery,
};
export const ZMatcherCreate = z
  .object({ ...matcherShape, execution_logging: ZBool.default(false) })
  .partial({ action: true, client_ip: true, app: true, model: true })
  .strip();
export const ZMatcherPatch = z.object(matcherShape).partial().strip();
/** PUT as DRF: required fields required, omitted optional ones left unchanged (no defaults applied). */
export const ZMatcherPut = ZMatcherPatch.required({ name: true });
export type TMatcherPatch = z.infer<typeof ZMatcherPatch>;

const ZExpression = requiredString().min(1, "This field may not be blank.").max(65_536);
export const ZExpressionCreate = z
  .object({ name: ZName, execution_logging: ZBool.default(false), expression: ZExpression })
  .strip();
export const ZExpressionPatch = z
  .object({ name: ZName, execution_logging: ZBool, expression: ZExpression })
  .partial()
  .strip();
export const ZExpressionPut = ZExpressionPatch.required({ name: true, expression: true });
export type TExpressionPatch = z.infer<typeof ZExpressionPatch>;

const ZInt32 = z
  .number({ error: "A valid integer is required." })
  .int("A valid integer is required.")
  .min(-2_147_483_648, "Ensure this value is greater than or equal to -2147483648.")
  .max(2_147_483_647, "Ensure this value is less than or equal to 2147483647.");
const bindingShape = {
  policy: z.uuid({ error: "Must be a valid UUID." }).nullable(),
  group: z.uuid({ error: "Must be a valid UUID." }).nullable(),
  user: ZInt32.nullable(),
  target: z.uuid({ error: "Must be a valid UUID." }),
  negate: ZBool,
  enabled: ZBool,
  order: ZInt32,
  timeout: ZInt32.min(0, "Ensure this value is greater than or equal to 0."),
  failure_result: ZBool,
};
export const ZBindingCreate = z
  .object({
    ...bindingShape,
    policy: bindingShape.policy.optional(),
    group: bindingShape.group.optional(),
    user: bindingShape.user.optional(),
    negate: ZBool.default(false),
    enabled: ZBool.default(true),
    timeout: bindingShape.timeout.default(30),
    failure_result: ZBool.default(false),
  })
  .strip();
export const ZBindingPatch = z.object(bindingShape).partial().strip();
export type TBindingPatch = z.infer<typeof ZBindingPatch>;

/** Test endpoint body: authentik's PolicyTestRequest plus Herald's `event` (uuid of a stored event). */
export const ZPolicyTest = z
  .object({
    user: ZInt32,
    context: z.record(z.string(), z.unknown(), { error: "Expected a JSON object." }).default({}),
    event: z.uuid({ error: "Must be a valid UUID." }).optional(),
  })
  .strip();
export type TPolicyTest = z.infer<typeof ZPolicyTest>;

const ZQueryText = z.string().max(1000);
export const ZPolicyListQuery = ZPageParams.extend({
  name: ZQueryText.optional(),
  search: ZQueryText.optional(),
  ordering: zOrdering(["name", "execution_logging", "created"]).optional(),
  policy_uuid: z.uuid({ error: "Must be a valid UUID." }).optional(),
  execution_logging: zQueryBool.optional(),
  action: ZQueryText.optional(),
  app: ZQueryText.optional(),
  model: ZQueryText.optional(),
  client_ip: ZQueryText.optional(),
  expression: ZQueryText.optional(),
  bindings__isnull: zQueryBool.optional(),
});
export type TPolicyListQuery = z.infer<typeof ZPolicyListQuery>;

export const ZBindingListQuery = ZPageParams.extend({
  target: z.uuid({ error: "Must be a valid UUID." }).optional(),
  target_in: z.array(z.uuid({ error: "Must be a valid UUID." })).optional(),
  policy: z.uuid({ error: "Must be a valid UUID." }).optional(),
  policy__isnull: zQueryBool.optional(),
  enabled: zQueryBool.optional(),
  order: zQueryInt().optional(),
  timeout: zQueryInt().optional(),
  search: ZQueryText.optional(),
  ordering: zOrdering(["order", "target", "timeout", "pk"], { multiple: true }).optional(),
});
export type TBindingListQuery = z.infer<typeof ZBindingListQuery>;
