"use client";

import * as React from "react";
import type { TActionResult } from "@/lib/server-actions/define-action";
import { ConfirmDialog } from "./confirm-dialog";
import { useAction } from "./use-action";

type TUsedByEntry = { name: string };

/**
 * "Delete X?" with a preview of what uses X, loaded when the dialog opens. Returns `start` for the
 * menu item and the dialog to render.
 */
export function useUsedByDelete({
  uuid,
  loadUsedBy,
  remove,
  success,
  title,
  description,
  describe,
}: {
  uuid: string;
  loadUsedBy: (input: { uuid: string }) => Promise<TActionResult<TUsedByEntry[]>>;
  remove: (input: { uuid: string }) => Promise<TActionResult<null>>;
  success: string;
  title: string;
  description: string;
  describe: (usedBy: TUsedByEntry[]) => React.ReactNode;
}) {
  const [open, setOpen] = React.useState(false);
  const [usedBy, setUsedBy] = React.useState<TUsedByEntry[] | null>(null);
  const removeAction = useAction(remove, { success });
  const load = useAction(loadUsedBy, { refresh: false, onSuccess: setUsedBy });
  const start = () => {
    setUsedBy(null);
    setOpen(true);
    void load.run({ uuid });
  };
  const dialog = (
    <ConfirmDialog
      open={open}
      onOpenChange={setOpen}
      title={title}
      description={description}
      details={
        usedBy === null ? <p className="text-sm text-muted-foreground">Checking what uses it…</p> : describe(usedBy)
      }
      onConfirm={() => removeAction.run({ uuid })}
    />
  );
  return { start, dialog };
}
