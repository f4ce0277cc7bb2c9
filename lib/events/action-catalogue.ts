/** Every built-in action (authentik's EventAction plus Herald's additions). Order = UI order. */
export const EVENT_ACTIONS = [
  "login",
  "login_failed",
  "logout",
  "user_write",
  "suspicious_request",
  "password_set",
  "secret_view",
  "secret_rotate",
  "invitation_used",
  "authorize_application",
  "source_linked",
  "impersonation_started",
  "impersonation_ended",
  "flow_execution",
  "policy_execution",
  "policy_exception",
  "property_mapping_exception",
  "system_task_execution",
  "system_task_exception",
  "system_exception",
  "configuration_error",
  "configuration_warning",
  "model_created",
  "model_updated",
  "model_deleted",
  "email_sent",
  "update_available",
  "export_ready",
] as const;
export type TEventAction = (typeof EVENT_ACTIONS)[number];

export const CUSTOM_PREFIX = "custom_";
const BUILT_IN = new Set<string>(EVENT_ACTIONS);

/** Allowed shape for any action name (built-in or custom) before normalisation. */
export const ACTION_PATTERN = /^[a-z0-9][a-z0-9_.:-]{0,99}$/i;

/**
 * A built-in name stays itself (authentik would store "login" sent as a string as "custom_login";
 * Herald does not); anything else gets the `custom_` prefix once.
 */
export function normalizeAction(action: string): string {
  if (BUILT_IN.has(action) || action.startsWith(CUSTOM_PREFIX)) return action;
  return `${CUSTOM_PREFIX}${action}`;
}

export function isBuiltInAction(action: string): action is TEventAction {
  return BUILT_IN.has(action);
}

/** "login_failed" → "Login failed"; custom actions keep their own name after the prefix. */
export function actionLabel(action: string): string {
  const bare = action.startsWith(CUSTOM_PREFIX) ? action.slice(CUSTOM_PREFIX.length) : action;
  const text = bare.replace(/[_.:-]+/g, " ").trim();
  return text.charAt(0).toUpperCase() + text.slice(1);
}
