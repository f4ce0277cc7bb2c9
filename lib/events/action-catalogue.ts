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
  // Object lifecycle reviews of applications, groups and roles.
  "review_initiated",
  "review_overdue",
  "review_attested",
  "review_completed",
  // Access requests for applications.
  "access_request_created",
  "access_request_approved",
  "access_request_denied",
  "access_request_revoked",
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

/** A row of an action's detail table: its label and the context paths that may hold it, first present wins. */
export type TActionDetailField = { label: string; paths: string[] };

const REVIEW_FIELDS: TActionDetailField[] = [
  { label: "Reviewed object", paths: ["model.name", "object.name", "model.pk"] },
  { label: "Object type", paths: ["model.model_name", "object.model_name"] },
  { label: "Lifecycle rule", paths: ["rule.name", "lifecycle_rule.name", "rule"] },
  { label: "Reviewers", paths: ["reviewers", "reviewer_groups"] },
  { label: "Due", paths: ["due", "deadline", "grace_period_end"] },
  { label: "Message", paths: ["message"] },
];

const ACCESS_REQUEST_FIELDS: TActionDetailField[] = [
  { label: "Application", paths: ["application.name", "model.name", "authorized_application.name"] },
  { label: "Requested by", paths: ["requester.username", "requested_by.username", "requester"] },
  { label: "Decided by", paths: ["approver.username", "decided_by.username", "approver"] },
  { label: "Reason", paths: ["reason", "justification"] },
  { label: "Expires", paths: ["expires", "valid_until"] },
  { label: "Message", paths: ["message"] },
];

/** Detail tables for actions whose context has a known shape beyond the generic views. */
export const ACTION_DETAIL_FIELDS: Partial<Record<TEventAction, TActionDetailField[]>> = {
  review_initiated: REVIEW_FIELDS,
  review_overdue: REVIEW_FIELDS,
  review_attested: [...REVIEW_FIELDS, { label: "Attested by", paths: ["attested_by.username", "attested_by"] }],
  review_completed: REVIEW_FIELDS,
  access_request_created: ACCESS_REQUEST_FIELDS,
  access_request_approved: ACCESS_REQUEST_FIELDS,
  access_request_denied: ACCESS_REQUEST_FIELDS,
  access_request_revoked: ACCESS_REQUEST_FIELDS,
  export_ready: [
    { label: "Message", paths: ["message"] },
    { label: "Export", paths: ["export.name", "export.pk"] },
    { label: "Rows", paths: ["rows"] },
  ],
};

function valueAt(context: Record<string, unknown>, path: string): unknown {
  let value: unknown = context;
  for (const key of path.split(".")) {
    if (!value || typeof value !== "object" || Array.isArray(value)) return undefined;
    value = (value as Record<string, unknown>)[key];
  }
  return value;
}

function displayText(value: unknown): string | null {
  if (value === null || value === undefined || value === "") return null;
  if (Array.isArray(value))
    return (
      value
        .map((item) => displayText(item) ?? "")
        .filter(Boolean)
        .join(", ") || null
    );
  if (typeof value === "object") {
    const named = (value as Record<string, unknown>).name ?? (value as Record<string, unknown>).username;
    return typeof named === "string" ? named : JSON.stringify(value);
  }
  return String(value);
}

/** The detail table of an event (label, text) for actions that have one; null for the rest. */
export function actionDetailRows(action: string, context: Record<string, unknown>): [string, string | null][] | null {
  const fields = isBuiltInAction(action) ? ACTION_DETAIL_FIELDS[action] : undefined;
  if (!fields) return null;
  return fields.map(({ label, paths }) => [
    label,
    paths.map((path) => displayText(valueAt(context, path))).find((text) => text !== null) ?? null,
  ]);
}
