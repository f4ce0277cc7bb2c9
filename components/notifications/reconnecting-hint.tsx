import type { TStreamState } from "./use-notification-stream";

/** A quiet word while the live connection keeps failing (the bell still refreshes by polling meanwhile). */
export function ReconnectingHint({ state }: { state: TStreamState }) {
  if (state !== "reconnecting") return null;
  return (
    <span className="text-xs text-muted-foreground" role="status" data-testid="bell-reconnecting">
      reconnecting…
    </span>
  );
}
