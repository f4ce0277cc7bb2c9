import { createHash } from "node:crypto";
import { type TModelRef, TRANSPORT_MODE_LABELS, type TTransport } from "@/db/schema";

export function transportModelRef(transport: Pick<TTransport, "uuid" | "name">): TModelRef {
  return {
    app: "herald_events",
    model_name: "notificationtransport",
    pk: transport.uuid.replaceAll("-", ""),
    name: transport.name,
  };
}

export function serializeTransport(row: TTransport) {
  return {
    pk: row.uuid,
    name: row.name,
    mode: row.mode,
    mode_verbose: TRANSPORT_MODE_LABELS[row.mode],
    webhook_url: row.webhookUrl,
    webhook_mapping_body: row.webhookMappingBody,
    webhook_mapping_headers: row.webhookMappingHeaders,
    send_once: row.sendOnce,
    email_subject_prefix: row.emailSubjectPrefix,
    email_template: row.emailTemplate,
    webhook_ca: null,
    webhook_ca_pem: row.webhookCaPem,
    /** The secret itself is write-only. */
    signing_enabled: Boolean(row.signingSecret),
  };
}
export type TSerializedTransport = ReturnType<typeof serializeTransport>;

/**
 * Webhook URLs often carry credentials (Slack and Discord put the secret in the path), so the audit
 * log keeps the origin and a fingerprint: a change is visible, the secret is not.
 */
function auditUrl(url: string): string {
  if (!url) return "";
  try {
    const parsed = new URL(url);
    const fingerprint = createHash("sha256").update(url).digest("hex").slice(0, 12);
    return `${parsed.origin}/… (sha256 ${fingerprint})`;
  } catch {
    return "(invalid URL)";
  }
}

/** What audit events record for a transport (diffs are computed over this). */
export const transportAuditSnapshot = (row: TTransport) => ({
  name: row.name,
  mode: row.mode,
  send_once: row.sendOnce,
  webhook_url: auditUrl(row.webhookUrl),
  webhook_mapping_body: row.webhookMappingBody,
  webhook_mapping_headers: row.webhookMappingHeaders,
  email_subject_prefix: row.emailSubjectPrefix,
  email_template: row.emailTemplate,
  webhook_ca_pem: row.webhookCaPem ? createHash("sha256").update(row.webhookCaPem).digest("hex").slice(0, 12) : null,
  signing_secret: row.signingSecret,
});
