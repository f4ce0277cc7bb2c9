import type { TAkqlNode } from "@/lib/akql/ast";
import { evaluateAkql } from "@/lib/akql/evaluate";
import { parseAkql } from "@/lib/akql/parse";
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
  /** Herald's extension: an AKQL condition over the whole event, evaluated in memory. */
  query?: string | null;
};

/** The fields of a (serialized) event the matcher reads. */
export type TMatchableEvent = {
  action: string;
  app: string;
  client_ip: string | null;
  context: Record<string, unknown> | null;
  pk?: string;
  created?: string;
  user?: Record<string, unknown> | null;
  brand?: Record<string, unknown> | null;
};

const parsedQueries = new Map<string, TAkqlNode | null>();

/** Parsed once per distinct text (policies are evaluated per event); null when it does not parse. */
function parsedQuery(text: string): TAkqlNode | null {
  let ast = parsedQueries.get(text);
  if (ast === undefined) {
    const parsed = parseAkql(text);
    ast = parsed.ok ? parsed.ast : null;
    if (parsedQueries.size > 1000) parsedQueries.clear();
    parsedQueries.set(text, ast);
  }
  return ast;
}

/** The message of an AKQL parse error, or null when the text is valid AKQL (for the policy's validation). */
export function matcherQueryError(text: string): string | null {
  const parsed = parseAkql(text);
  return parsed.ok ? null : parsed.error.message;
}

export type TMatchResult = { passing: boolean; messages: string[] };

/** "<context.model.app>.<context.model.model_name>", or null when the event names no model. */
export function eventModelKey(context: Record<string, unknown> | null | undefined): string | null {
  const model = context?.model as { app?: unknown; model_name?: unknown } | undefined;
  if (!model || typeof model !== "object") return null;
  if (typeof model.app !== "string" || typeof model.model_name !== "string") return null;
  return `${model.app}.${model.model_name}`;
}

export function hasCriteria(criteria: TMatcherCriteria): boolean {
  return Boolean(criteria.action || criteria.clientIp || criteria.app || criteria.model || criteria.query);
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
  if (criteria.query) {
    const ast = parsedQuery(criteria.query);
    const matched =
      ast !== null &&
      evaluateAkql(ast, {
        pk: event.pk ?? "",
        action: event.action,
        app: event.app,
        client_ip: event.client_ip,
        created: event.created ?? "",
        user: event.user ?? {},
        brand: event.brand ?? {},
        context: event.context ?? {},
      });
    if (matched) messages.push("Query matched.");
    else passing = false;
  }
  return { passing, messages };
}
