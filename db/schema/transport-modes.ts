/*
 * Transport modes and their labels, with no imports so client components can use them too
 * (db/schema/transports.ts re-exports everything here).
 */

/** How a transport delivers (authentik's modes). */
export const TRANSPORT_MODES = ["local", "webhook", "webhook_slack", "email"] as const;
export type TTransportMode = (typeof TRANSPORT_MODES)[number];

/** The API's `mode_verbose` (authentik's choice labels, Herald-named): the long label, in selects too. */
export const TRANSPORT_MODE_LABELS: Record<TTransportMode, string> = {
  local: "Herald inbuilt notifications",
  webhook: "Generic Webhook",
  webhook_slack: "Slack Webhook (Slack/Discord)",
  email: "Email",
};

/** The short label where space is tight (the transports table's mode badge). */
export const TRANSPORT_MODE_SHORT_LABELS: Record<TTransportMode, string> = {
  local: "Bell",
  webhook: "Webhook",
  webhook_slack: "Slack/Discord",
  email: "Email",
};
