import type { TPolicy } from "@/db/schema";
import { DEFAULT_MEMORY_BYTES, runExpression, type TSandboxErrorKind } from "@/lib/sandbox/run-expression";
import { matchEvent, type TMatchableEvent } from "./event-matcher";
import type { TPolicyUser } from "./resolve-user";

/**
 * Runs one policy against a request, without bindings, negation or side effects.
 * Expression policies see `request = { user, context }` plus the aliases `context`
 * (= request.context) and `event` (= request.context.event, or null); their return value is
 * truthy → pass, anything else (including no return) → fail.
 */
export type TPolicyRequest = { user: TPolicyUser | null; context: Record<string, unknown> };

export type TPolicyOutcome = {
  passing: boolean;
  messages: string[];
  logs: string[];
  /** Set when the policy could not be evaluated (exception, timeout, memory, syntax). */
  error?: { kind: TSandboxErrorKind; text: string };
};

/** Names an expression policy can use; validation at save time compiles against the same list. */
export const EXPRESSION_POLICY_GLOBALS = ["request", "context", "event"] as const;
const WIRE = "context = request.context; event = (request.context && request.context.event) || null;";

export async function evaluatePolicy(
  policy: TPolicy,
  request: TPolicyRequest,
  timeoutMs: number,
): Promise<TPolicyOutcome> {
  if (policy.kind === "event_matcher") {
    const event = request.context.event as TMatchableEvent | undefined;
    const result = matchEvent(
      { action: policy.matchAction, clientIp: policy.matchClientIp, app: policy.matchApp, model: policy.matchModel },
      event && typeof event === "object" ? event : null,
    );
    return { ...result, logs: [] };
  }
  const result = await runExpression({
    source: policy.expression ?? "",
    globals: { request, context: null, event: null },
    wire: WIRE,
    timeoutMs,
    memoryBytes: DEFAULT_MEMORY_BYTES,
  });
  if (!result.ok) {
    return {
      passing: false,
      messages: [...result.messages, result.error],
      logs: result.logs,
      error: { kind: result.kind, text: result.error },
    };
  }
  return { passing: Boolean(result.value), messages: result.messages, logs: result.logs };
}
