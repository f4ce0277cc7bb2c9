import type { TSerializedEvent } from "@/lib/events/serialize";

/** A stable colour per action for the chart and badges (same action → same colour everywhere). */
const PALETTE = [
  "#4f7cf7",
  "#22a06b",
  "#e2a03f",
  "#e5484d",
  "#8e4ec6",
  "#0ea5b7",
  "#d6409f",
  "#7c8a2e",
  "#f76b15",
  "#5b6b8c",
  "#12a594",
  "#b35c34",
];
const FIXED: Record<string, string> = {
  login: "#22a06b",
  login_failed: "#e5484d",
  logout: "#5b6b8c",
  model_created: "#4f7cf7",
  model_updated: "#e2a03f",
  model_deleted: "#d6409f",
};

export function actionColor(action: string): string {
  if (FIXED[action]) return FIXED[action];
  let hash = 0;
  for (const char of action) hash = (hash * 31 + char.charCodeAt(0)) >>> 0;
  return PALETTE[hash % PALETTE.length];
}

export type TActionTone = "success" | "destructive" | "warning" | "default" | "secondary";

export function actionTone(action: string): TActionTone {
  if (/failed|exception|error|suspicious/.test(action)) return "destructive";
  if (action === "login" || action === "model_created") return "success";
  if (action === "model_deleted" || action.includes("warning")) return "warning";
  if (action.startsWith("custom_")) return "secondary";
  return "default";
}

export type TEventGeo = { city?: string; country?: string; lat?: number; long?: number };

export function geoOf(event: Pick<TSerializedEvent, "context">): TEventGeo | null {
  const geo = event.context.geo;
  return geo && typeof geo === "object" ? (geo as TEventGeo) : null;
}

/** authentik's summary: context.message, else "<action>: <context>". */
export function eventSummary(event: Pick<TSerializedEvent, "action" | "context">): string {
  const message = event.context.message;
  return typeof message === "string" && message ? message : `${event.action}: ${JSON.stringify(event.context)}`;
}
