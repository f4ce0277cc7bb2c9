/** Badge tone per notification/rule severity (components/ui/status-badge.tsx). */
export const SEVERITY_TONE = { notice: "secondary", warning: "warning", alert: "destructive" } as const;
