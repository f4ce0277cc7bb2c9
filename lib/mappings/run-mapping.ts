/**
 * Webhook mappings (authentik's NotificationWebhookMapping) evaluated in the sandbox.
 *
 * Exported API (called by the transports/dispatch code):
 * - `runWebhookMapping({ mapping, notification, user, timeoutMs? })`
 *     → `{ ok: true, value, notification }` | `{ ok: false, error, kind }`
 *   The expression sees `notification` ({body, severity, hyperlink, hyperlink_label, event}),
 *   `user` (the recipient: {pk, username, email, name}) and `request = { user, context:
 *   { notification, event } }` — `request.context.notification` IS `notification`, so either may
 *   be mutated. Its return value is `value` (a webhook body or a headers object); `notification`
 *   comes back with the possibly rewritten body / hyperlink / hyperlink_label (authentik's local
 *   transport keeps only such mutations). A hyperlink must be http(s) or a path starting with "/",
 *   since the bell renders it as a link.
 * - `reportMappingException(db, mapping, error, extra)` → records `property_mapping_exception`
 *   with context `{ message, expression, mapping: {app, model_name, pk, name}, error, ...extra }`.
 */
import type { DbOrTx } from "@/db/client";
import type { TEvent, TWebhookMapping } from "@/db/schema";
import { createEvent } from "@/lib/events/create-event";
import { runExpression, type TSandboxErrorKind } from "@/lib/sandbox/run-expression";
import { mappingModelRef } from "./serialize";

export const MAPPING_GLOBALS = ["notification", "user", "request"] as const;

export type TMappingNotification = {
  body: string;
  severity: string;
  hyperlink?: string | null;
  hyperlink_label?: string | null;
  /** The event serialized as the API does (pk, user, action, app, context, client_ip, …). */
  event?: Record<string, unknown> | null;
};
export type TMappingUser = { pk: number; username: string; email: string; name: string };
export type TMappingResult =
  | { ok: true; value: unknown; notification: TMappingNotification }
  | { ok: false; error: string; kind: TSandboxErrorKind | "invalid" };

const WIRE = "request.user = user; request.context.notification = notification;";
const SAFE_LINK = /^(https?:\/\/|\/(?!\/))/i;

export async function runWebhookMapping(input: {
  mapping: Pick<TWebhookMapping, "expression">;
  notification: TMappingNotification;
  user: TMappingUser;
  timeoutMs?: number;
}): Promise<TMappingResult> {
  const notification = { hyperlink: null, hyperlink_label: null, event: null, ...input.notification };
  const result = await runExpression({
    source: input.mapping.expression,
    globals: { notification, user: input.user, request: { user: null, context: { event: notification.event } } },
    wire: WIRE,
    collect: ["notification"],
    timeoutMs: input.timeoutMs,
  });
  if (!result.ok) return { ok: false, error: result.error, kind: result.kind };
  const changed = (result.collected.notification ?? {}) as Record<string, unknown>;
  const hyperlink = changed.hyperlink == null || changed.hyperlink === "" ? null : String(changed.hyperlink);
  if (hyperlink !== null && !SAFE_LINK.test(hyperlink)) {
    return {
      ok: false,
      error: `ValueError: notification.hyperlink must be an http(s) URL or a path, got "${hyperlink.slice(0, 100)}"`,
      kind: "invalid",
    };
  }
  return {
    ok: true,
    value: result.value,
    notification: {
      ...input.notification,
      body: changed.body == null ? "" : String(changed.body),
      hyperlink,
      hyperlink_label: changed.hyperlink_label == null ? null : String(changed.hyperlink_label),
    },
  };
}

export async function reportMappingException(
  db: DbOrTx,
  mapping: Pick<TWebhookMapping, "pmUuid" | "name" | "expression">,
  error: string,
  extra: Record<string, unknown> = {},
): Promise<TEvent> {
  return createEvent(db, {
    action: "property_mapping_exception",
    app: "herald.events",
    context: {
      message: `Webhook mapping "${mapping.name}" failed: ${error}`,
      expression: mapping.expression,
      mapping: mappingModelRef(mapping),
      error,
      ...extra,
    },
  });
}
