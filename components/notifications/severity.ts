import { InfoIcon, type LucideIcon, OctagonAlertIcon, TriangleAlertIcon } from "lucide-react";

/** Badge tone per notification/rule severity (components/ui/status-badge.tsx). */
export const SEVERITY_TONE = { notice: "secondary", warning: "warning", alert: "destructive" } as const;

export type TSeverityName = keyof typeof SEVERITY_TONE;

/**
 * How a notification's severity looks in the bell, on the page and in toasts: an icon and a colour
 * (never colour alone; the word goes beside it for screen readers and colour-blind readers).
 */
export const SEVERITY_LOOK: Record<TSeverityName, { label: string; icon: LucideIcon; className: string }> = {
  notice: { label: "Notice", icon: InfoIcon, className: "text-sky-600 dark:text-sky-400" },
  warning: { label: "Warning", icon: TriangleAlertIcon, className: "text-amber-600 dark:text-amber-400" },
  alert: { label: "Alert", icon: OctagonAlertIcon, className: "text-destructive" },
};

export function severityLook(severity: string) {
  return SEVERITY_LOOK[severity as TSeverityName] ?? SEVERITY_LOOK.notice;
}
