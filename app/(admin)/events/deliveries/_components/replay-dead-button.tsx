"use client";

import { RotateCcwIcon } from "lucide-react";
import { useAction } from "@/components/forms/use-action";
import { Button } from "@/components/ui/button";
import { replayDeadAction } from "../actions";

export function ReplayDeadButton({ dead, transport, rule }: { dead: number; transport?: string; rule?: string }) {
  const replay = useAction(replayDeadAction, { success: (data) => `${data.replayed} dead deliveries queued again.` });
  return (
    <Button
      variant="outline"
      disabled={dead === 0 || replay.pending}
      onClick={() => void replay.run({ transport, rule })}
    >
      <RotateCcwIcon /> Replay all dead ({dead})
    </Button>
  );
}
