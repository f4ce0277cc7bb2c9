import { eq } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { type TTransport, webhookMappings } from "@/db/schema";
import { env } from "@/lib/env";
import { serializeEvent } from "@/lib/events/serialize";
import { reportMappingException, runWebhookMapping, type TMappingNotification } from "@/lib/mappings/run-mapping";
import { guardedPost, OutboundRefused, parseNetworks, type TAllowedNetworks } from "@/lib/net/outbound";
import { signatureHeaders } from "./signing";
import type { TSendContext, TSendOutcome, TTransportAdapter } from "./types";

const EXCERPT_BYTES = 1024;
/** Headers a mapping may not set: transport-level, or Herald's own signature. */
const RESERVED_HEADERS = new Set([
  "host",
  "content-length",
  "transfer-encoding",
  "connection",
  "webhook-id",
  "webhook-timestamp",
  "webhook-signature",
]);

let cachedNetworks: { source: string; networks: TAllowedNetworks } | undefined;

/** HERALD_WEBHOOK_ALLOW_NETWORKS, parsed once per value. */
export function allowedWebhookNetworks(): TAllowedNetworks {
  const source = env().HERALD_WEBHOOK_ALLOW_NETWORKS;
  if (cachedNetworks?.source !== source) cachedNetworks = { source, networks: parseNetworks(source) };
  return cachedNetworks.networks;
}

/** 408, 425, 429 and 5xx may succeed later; any other 4xx will not. */
export function isRetryableStatus(status: number): boolean {
  return status === 408 || status === 425 || status === 429 || status >= 500;
}

function mappingNotification(context: TSendContext): TMappingNotification {
  const { notification } = context;
  return {
    body: notification.body,
    severity: notification.severity,
    hyperlink: notification.hyperlink,
    hyperlink_label: notification.hyperlinkLabel,
    event: notification.event ? (serializeEvent(notification.event) as unknown as Record<string, unknown>) : null,
  };
}

async function loadMapping(db: DbOrTx, uuid: string | null) {
  if (!uuid) return null;
  const [mapping] = await db.select().from(webhookMappings).where(eq(webhookMappings.pmUuid, uuid));
  return mapping ?? null;
}

type TMapped = { ok: true; value: unknown; notification: TMappingNotification } | { ok: false; outcome: TSendOutcome };

/** Runs a mapping; a failure is reported as property_mapping_exception and is permanent (no retry). */
export async function applyMapping(
  context: TSendContext,
  uuid: string | null,
  role: "body" | "headers",
): Promise<TMapped | null> {
  const mapping = await loadMapping(context.db, uuid);
  if (!mapping) return null;
  const { recipient } = context;
  const result = await runWebhookMapping({
    mapping,
    notification: mappingNotification(context),
    user: { pk: recipient.pk, username: recipient.username, email: recipient.email, name: recipient.name },
  });
  if (result.ok) return { ok: true, value: result.value, notification: result.notification };
  await reportMappingException(context.db, mapping, result.error, {
    transport: { pk: context.transport.uuid, name: context.transport.name },
    mapping_role: role,
  });
  return {
    ok: false,
    outcome: {
      status: "failed",
      retryable: false,
      error: `The ${role} mapping "${mapping.name}" failed: ${result.error}`,
    },
  };
}

function mappedHeaders(value: unknown): Record<string, string> | string {
  if (value === null || value === undefined) return {};
  if (typeof value !== "object" || Array.isArray(value))
    return "The header mapping must return an object of header names to values.";
  const headers: Record<string, string> = {};
  for (const [name, raw] of Object.entries(value as Record<string, unknown>)) {
    if (!/^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/.test(name)) return `"${name}" is not a valid HTTP header name.`;
    if (RESERVED_HEADERS.has(name.toLowerCase()) || raw === null || raw === undefined) continue;
    const text = String(raw);
    if (/[\r\n]/.test(text)) return `The value of header "${name}" contains a line break.`;
    headers[name] = text;
  }
  return headers;
}

/** POSTs a JSON body with mapped and signature headers; classifies the outcome. Shared by both webhook modes. */
async function postJson(context: TSendContext, payload: unknown, transport: TTransport): Promise<TSendOutcome> {
  let headers: Record<string, string> = {};
  const headerMapping = await applyMapping(context, transport.webhookMappingHeaders, "headers");
  if (headerMapping && !headerMapping.ok) return headerMapping.outcome;
  if (headerMapping?.ok) {
    const parsed = mappedHeaders(headerMapping.value);
    if (typeof parsed === "string") return { status: "failed", retryable: false, error: parsed };
    headers = parsed;
  }
  const body = JSON.stringify(payload ?? null);
  if (transport.signingSecret)
    Object.assign(headers, signatureHeaders(transport.signingSecret, context.deliveryId, body));
  try {
    const response = await guardedPost({
      url: transport.webhookUrl,
      body,
      headers,
      timeoutMs: env().HERALD_WEBHOOK_TIMEOUT * 1000,
      allowedNetworks: allowedWebhookNetworks(),
      caPem: transport.webhookCaPem,
    });
    const excerpt = response.body.slice(0, EXCERPT_BYTES);
    if (response.status >= 200 && response.status < 300) {
      return {
        status: "delivered",
        messages: [response.status, excerpt],
        httpStatus: response.status,
        responseExcerpt: excerpt,
      };
    }
    return {
      status: "failed",
      retryable: isRetryableStatus(response.status),
      error: `The webhook answered HTTP ${response.status}${excerpt ? `: ${excerpt.slice(0, 200)}` : "."}`,
      httpStatus: response.status,
      responseExcerpt: excerpt,
    };
  } catch (error) {
    if (error instanceof OutboundRefused) return { status: "failed", retryable: false, error: error.message };
    return { status: "failed", retryable: true, error: `Could not reach the webhook: ${(error as Error).message}` };
  }
}

/** authentik's default generic webhook body. */
export function defaultWebhookBody(context: TSendContext): Record<string, unknown> {
  const { notification, recipient } = context;
  const eventUser = notification.event?.user;
  return {
    body: notification.body,
    severity: notification.severity,
    user_email: recipient.email,
    user_username: recipient.username,
    ...(eventUser && eventUser.username !== undefined
      ? { event_user_email: eventUser.email ?? "", event_user_username: eventUser.username }
      : {}),
  };
}

export const webhookAdapter: TTransportAdapter = {
  mode: "webhook",
  async send(context) {
    const bodyMapping = await applyMapping(context, context.transport.webhookMappingBody, "body");
    if (bodyMapping && !bodyMapping.ok) return bodyMapping.outcome;
    return postJson(context, bodyMapping ? bodyMapping.value : defaultWebhookBody(context), context.transport);
  },
};

const SLACK_FIELD_LIMIT = 25;

/**
 * authentik's Slack/Discord attachment, with one fix: the notification body is kept (as the
 * attachment text) instead of being replaced by the action name whenever there is an event.
 */
export function slackBody(context: TSendContext): Record<string, unknown> {
  const { notification, recipient } = context;
  const event = notification.event;
  const fields: { title: string; value: string; short?: boolean }[] = [
    { title: "Severity", value: notification.severity, short: true },
    { title: "Dispatched for user", value: recipient.username, short: true },
  ];
  if (event?.user?.username) fields.push({ title: "Event user", value: String(event.user.username), short: true });
  for (const [key, value] of Object.entries(event?.context ?? {})) {
    if (fields.length >= SLACK_FIELD_LIMIT) break;
    if (typeof value === "string") fields.push({ title: key.slice(0, 256), value: value.slice(0, 1024) });
  }
  return {
    username: "Herald",
    attachments: [
      {
        author_name: "Herald",
        title: event ? event.action : notification.body,
        text: notification.body,
        color: "#fd4b2d",
        fields,
        footer: "Herald",
        ...(notification.hyperlink ? { title_link: notification.hyperlink } : {}),
      },
    ],
  };
}

export const slackAdapter: TTransportAdapter = {
  mode: "webhook_slack",
  async send(context) {
    return postJson(context, slackBody(context), context.transport);
  },
};
