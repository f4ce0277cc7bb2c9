import * as React from "react";
import { cn } from "@/components/ui/cn";
import { Label } from "@/components/ui/label";

/** Label + control + hint + field errors, wired for screen readers via ids. */
export function Field({
  id,
  label,
  hint,
  errors,
  children,
  className,
  inline = false,
}: {
  id: string;
  label: React.ReactNode;
  hint?: React.ReactNode;
  errors?: string[];
  children: React.ReactNode;
  className?: string;
  /** Control and label on one row (switches, checkboxes). */
  inline?: boolean;
}) {
  const describedBy =
    [hint ? `${id}-hint` : null, errors?.length ? `${id}-error` : null].filter(Boolean).join(" ") || undefined;
  const control = React.isValidElement(children)
    ? React.cloneElement(children as React.ReactElement<Record<string, unknown>>, {
        id,
        "aria-describedby": describedBy,
        "aria-invalid": errors?.length ? true : undefined,
      })
    : children;
  return (
    <div className={cn("grid gap-1.5", className)}>
      {inline ? (
        <div className="flex items-center gap-3">
          {control}
          <Label htmlFor={id}>{label}</Label>
        </div>
      ) : (
        <>
          <Label htmlFor={id}>{label}</Label>
          {control}
        </>
      )}
      {hint && (
        <p id={`${id}-hint`} className="text-xs text-muted-foreground">
          {hint}
        </p>
      )}
      {errors?.map((message) => (
        <p key={message} id={`${id}-error`} role="alert" className="text-xs font-medium text-destructive">
          {message}
        </p>
      ))}
    </div>
  );
}

/** Errors that belong to no field (non_field_errors), shown above the buttons. */
export function FormErrors({ errors }: { errors?: string[] }) {
  if (!errors?.length) return null;
  return (
    <div
      role="alert"
      className="rounded-md border border-destructive/40 bg-destructive/10 px-3 py-2 text-sm text-destructive"
    >
      {errors.map((message) => (
        <p key={message}>{message}</p>
      ))}
    </div>
  );
}
