import { normalizeIp } from "@/lib/net/client-ip";

/**
 * Event Matcher policy (authentik's EventMatcherPolicy), pure. Every configured field must match
 * (AND); unset fields are not checked. Where Herald deliberately differs from authentik: a message is added only for
 * checks that passed, a missing context.model never matches (no "None.None"), and a matcher with
 * no criteria at all matches nothing (the API refuses to create one; older data may hold one).
 */
export type TMatcherCriteria = {
  action: string | null;
  clientIp: string | null;
  app: string | null;
  model: string | null;
};

/** The fields of a (serialized) event the matcher reads. */
export type TMatchableEvent = {
  action: string;
  app: string;
  client_ip: string | null;
  context: Record<string, unknown> | null;
};

export type TMatchResult = { passing: boolean; messages: string[] };

/** "<context.model.app>.<context.model.model_name>", or null when the event names no model. */
export function eventModelKey(context: Record<string, unknown> | null | undefined): string | null {
  const model = context?.model as { app?: unknown; model_name?: unknown } | undefined;
  if (!model || typeof model !== "object") return null;
  if (typeof model.app !== "string" || typeof model.model_name !== "string") return null;
  return `${model.app}.${model.model_name}`;
}

export function hasCriteria(criteria: TMatcherCriteria): boolean {
  return Boolean(criteria.action || criteria.clientIp || criteria.app || criteria.model);
}

export function matchEvent(criteria: TMatcherCriteria, event: TMatchableEvent | null | undefined): TMatchResult {
  if (!event || typeof event !== "object") return { passing: false, messages: ["No event to match."] };
  if (!hasCriteria(criteria)) return { passing: false, messages: ["Policy has no criteria."] };
  const messages: string[] = [];
  const checks: Array<[configured: string | null, actual: string | null, message: string]> = [
    [criteria.action, event.action, "Action matched."],
    [
      criteria.clientIp && (normalizeIp(criteria.clientIp) ?? criteria.clientIp),
      normalizeIp(event.client_ip),
      "Client IP matched.",
    ],
    [criteria.app, event.app, "App matched."],
    [criteria.model, eventModelKey(event.context), "Model matched."],
  ];
  let passing = true;
  for (const [configured, actual, message] of checks) {
    if (!configured) continue;
    if (configured === actual) messages.push(message);
    else passing = false;
  }
  return { passing, messages };
}
