"use client";

import { PlusIcon } from "lucide-react";
import * as React from "react";
import { Field, FormErrors } from "@/components/forms/field";
import { FormDialog, useDialogForm } from "@/components/forms/form-dialog";
import { useAction } from "@/components/forms/use-action";
import { Button } from "@/components/ui/button";
import { Input, Textarea } from "@/components/ui/input";
import type { TSerializedMapping } from "@/lib/mappings/serialize";
import { saveMappingAction } from "../actions";

const SAMPLE = `// Sees notification {body, severity, hyperlink, event}, user (the recipient) and request.
return {
  text: notification.body,
  severity: notification.severity,
  to: user.email,
};`;

export function MappingDialog({
  open,
  onOpenChange,
  mapping,
}: {
  open: boolean;
  onOpenChange: (open: boolean) => void;
  mapping?: TSerializedMapping;
}) {
  const { values, set } = useDialogForm(open, () => ({
    name: mapping?.name ?? "",
    expression: mapping?.expression ?? SAMPLE,
  }));
  const save = useAction(saveMappingAction, {
    success: (saved) => `Mapping ${saved.name} ${mapping ? "saved" : "created"}.`,
    onSuccess: () => onOpenChange(false),
  });
  return (
    <FormDialog
      open={open}
      onOpenChange={onOpenChange}
      title={mapping ? `Edit mapping ${mapping.name}` : "Create webhook mapping"}
      description={
        "The expression’s return value becomes the webhook body (or, as a header mapping, extra headers). " +
        "It runs in a sandbox with time and memory limits."
      }
      pending={save.pending}
      submitLabel={mapping ? "Save mapping" : "Create mapping"}
      onSubmit={() => void save.run({ uuid: mapping?.pk, ...values })}
    >
      <Field id="mapping-name" label="Name" errors={save.fieldErrors.name}>
        <Input value={values.name} onChange={(event) => set({ name: event.target.value })} required />
      </Field>
      <Field id="mapping-expression" label="Expression" errors={save.fieldErrors.expression}>
        <Textarea
          rows={10}
          className="font-mono text-xs"
          value={values.expression}
          onChange={(event) => set({ expression: event.target.value })}
        />
      </Field>
      <FormErrors errors={save.fieldErrors.non_field_errors} />
    </FormDialog>
  );
}

export function MappingDialogButton() {
  const [open, setOpen] = React.useState(false);
  return (
    <>
      <Button onClick={() => setOpen(true)}>
        <PlusIcon /> Create mapping
      </Button>
      <MappingDialog open={open} onOpenChange={setOpen} />
    </>
  );
}
