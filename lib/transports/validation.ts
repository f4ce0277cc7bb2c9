import { z } from "zod";
import { TRANSPORT_MODES } from "@/db/schema";
import { ZPageParams } from "@/lib/api/pagination";
import { ZName, zOrdering } from "@/lib/api/zod-fields";
import { isValidSigningSecret } from "./signing";

const ZUuidOrNull = z.uuid({ error: "Must be a valid UUID." }).nullable();
const ZBool = z.boolean({ error: "Must be a valid boolean." });

/** authentik's NotificationTransportRequest fields plus Herald's webhook_ca_pem and signing_secret. */
const ZTransportFields = z
  .object({
    name: ZName,
    mode: z.enum(TRANSPORT_MODES, { error: (issue) => `"${String(issue.input)}" is not a valid choice.` }),
    send_once: ZBool,
    webhook_url: z
      .string({ error: "Not a valid string." })
      .trim()
      .max(2048, "Ensure this field has no more than 2048 characters."),
    webhook_mapping_body: ZUuidOrNull,
    webhook_mapping_headers: ZUuidOrNull,
    email_subject_prefix: z
      .string({ error: "Not a valid string." })
      .max(255, "Ensure this field has no more than 255 characters."),
    email_template: z.string({ error: "Not a valid string." }).trim().min(1, "This field may not be blank.").max(255),
    /** authentik references a stored certificate; Herald takes the PEM itself. */
    webhook_ca_pem: z
      .string({ error: "Not a valid string." })
      .max(65_536, "Ensure this field has no more than 65536 characters.")
      .refine(
        (pem) => pem.trim() === "" || /-----BEGIN CERTIFICATE-----[\s\S]+-----END CERTIFICATE-----/.test(pem),
        "Expected one or more PEM certificates (-----BEGIN CERTIFICATE----- …).",
      )
      .nullable(),
    /** Write-only; null removes it. */
    signing_secret: z
      .string({ error: "Not a valid string." })
      .refine(
        isValidSigningSecret,
        "Expected a Standard Webhooks secret: whsec_ followed by base64 of 24–64 random bytes.",
      )
      .nullable(),
    webhook_ca: z.null({ error: "Herald does not store certificates; send the PEM in webhook_ca_pem." }),
  })
  .strip();

/** POST/PUT: name required, the rest defaulted as authentik does. */
export const ZTransportCreate = ZTransportFields.extend({
  mode: ZTransportFields.shape.mode.default("local"),
  send_once: ZBool.default(false),
  webhook_url: ZTransportFields.shape.webhook_url.default(""),
  webhook_mapping_body: ZUuidOrNull.default(null),
  webhook_mapping_headers: ZUuidOrNull.default(null),
  email_subject_prefix: ZTransportFields.shape.email_subject_prefix.default("Herald Notification: "),
  email_template: ZTransportFields.shape.email_template.default("default"),
  webhook_ca_pem: ZTransportFields.shape.webhook_ca_pem.default(null),
  signing_secret: ZTransportFields.shape.signing_secret.optional(),
  webhook_ca: ZTransportFields.shape.webhook_ca.optional(),
});
export type TTransportCreate = z.infer<typeof ZTransportCreate>;

/** PATCH: every field optional, nothing defaulted. */
export const ZTransportPatch = ZTransportFields.partial();
export type TTransportPatch = z.infer<typeof ZTransportPatch>;

export const ZTransportListQuery = ZPageParams.extend({
  name: z.string().max(1000).optional(),
  mode: z.enum(TRANSPORT_MODES, { error: "Select a valid choice." }).optional(),
  webhook_url: z.string().max(2048).optional(),
  send_once: z
    .enum(["true", "false"], { error: "Must be a valid boolean." })
    .transform((value) => value === "true")
    .optional(),
  search: z.string().max(1000).optional(),
  ordering: zOrdering(["name", "mode"]).optional(),
});
export type TTransportListQuery = z.infer<typeof ZTransportListQuery>;
