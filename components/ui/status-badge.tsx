import { Badge } from "./badge";

type TTone = "success" | "warning" | "destructive" | "secondary" | "default";

/** A coloured status word; callers map their states to a tone once. */
export function StatusBadge({ tone, children }: { tone: TTone; children: React.ReactNode }) {
  return (
    <Badge variant={tone}>
      <span aria-hidden className="size-1.5 rounded-full bg-current" />
      {children}
    </Badge>
  );
}
