"use client";

import * as React from "react";
import { Button } from "@/components/ui/button";
import { cn } from "@/components/ui/cn";
import {
  Dialog,
  DialogContent,
  DialogDescription,
  DialogFooter,
  DialogHeader,
  DialogTitle,
} from "@/components/ui/dialog";

/**
 * A dialog around a form: title, description, the fields, and Cancel + submit. The submit button
 * shows `pendingLabel` while the action runs.
 */
export function FormDialog({
  open,
  onOpenChange,
  title,
  description,
  onSubmit,
  pending,
  submitLabel,
  pendingLabel = "Saving…",
  cancelLabel = "Cancel",
  submitDisabled = false,
  className,
  children,
}: {
  open: boolean;
  onOpenChange: (open: boolean) => void;
  title: string;
  description: React.ReactNode;
  onSubmit: () => void;
  pending: boolean;
  submitLabel: string;
  pendingLabel?: string;
  cancelLabel?: string;
  submitDisabled?: boolean;
  className?: string;
  children: React.ReactNode;
}) {
  return (
    <Dialog open={open} onOpenChange={onOpenChange}>
      <DialogContent className={cn("max-h-[90vh] max-w-2xl overflow-y-auto", className)}>
        <DialogHeader>
          <DialogTitle>{title}</DialogTitle>
          <DialogDescription>{description}</DialogDescription>
        </DialogHeader>
        <form
          className="grid gap-4"
          onSubmit={(event) => {
            event.preventDefault();
            onSubmit();
          }}
        >
          {children}
          <DialogFooter>
            <Button type="button" variant="outline" onClick={() => onOpenChange(false)}>
              {cancelLabel}
            </Button>
            <Button type="submit" disabled={pending || submitDisabled}>
              {pending ? pendingLabel : submitLabel}
            </Button>
          </DialogFooter>
        </form>
      </DialogContent>
    </Dialog>
  );
}

/** Form values that start over from `initial()` each time the dialog opens. */
export function useDialogForm<T extends object>(open: boolean, initial: () => T) {
  const [values, setValues] = React.useState<T>(initial);
  // biome-ignore lint/correctness/useExhaustiveDependencies: only opening resets; `initial` is a fresh closure on every render
  React.useEffect(() => {
    if (open) setValues(initial());
  }, [open]);
  const set = React.useCallback((patch: Partial<T>) => setValues((current) => ({ ...current, ...patch })), []);
  return { values, set };
}
