"use client";

import { Field } from "@/components/forms/field";
import { FormDialog, useDialogForm } from "@/components/forms/form-dialog";
import { MultiSelect } from "@/components/forms/multi-select";
import { useAction } from "@/components/forms/use-action";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { Switch } from "@/components/ui/switch";
import type { TSerializedRule } from "@/lib/rules/serialize";
import { createBindingAction } from "../actions";
import type { TRuleChoices } from "./rule-choices";

type TBindKind = "policy" | "group" | "user";

export function BindDialog({
  open,
  onOpenChange,
  rule,
  choices,
  nextOrder,
}: {
  open: boolean;
  onOpenChange: (open: boolean) => void;
  rule: TSerializedRule;
  choices: TRuleChoices;
  nextOrder: number;
}) {
  const { values, set } = useDialogForm(open, () => ({
    kind: "policy" as TBindKind,
    target: [] as string[],
    order: String(nextOrder),
    timeout: "30",
    negate: false,
    enabled: true,
    failure_result: false,
  }));
  const bind = useAction(createBindingAction, { success: "Binding created.", onSuccess: () => onOpenChange(false) });
  const { kind, target } = values;
  const options = kind === "policy" ? choices.policies : kind === "group" ? choices.groups : choices.users;
  const errors = bind.fieldErrors;
  return (
    <FormDialog
      open={open}
      onOpenChange={onOpenChange}
      title={`Bind to ${rule.name}`}
      description={
        "A policy binding passes when the policy passes; " +
        "a group or user binding passes when the event’s user is that user or in that group."
      }
      pending={bind.pending}
      submitLabel="Create binding"
      pendingLabel="Binding…"
      submitDisabled={target.length === 0}
      className="max-w-xl"
      onSubmit={() => {
        const subject = kind === "user" ? { user: Number(target[0]) } : { [kind]: target[0] ?? null };
        void bind.run({
          target: rule.pk,
          ...subject,
          order: Number(values.order),
          timeout: Number(values.timeout),
          negate: values.negate,
          enabled: values.enabled,
          failure_result: values.failure_result,
        });
      }}
    >
      {/* biome-ignore lint/a11y/useSemanticElements: a toggle-button group, not a form fieldset */}
      <div role="group" aria-label="Bind" className="flex gap-2">
        {(["policy", "group", "user"] as const).map((option) => (
          <Button
            key={option}
            type="button"
            variant={kind === option ? "default" : "outline"}
            aria-pressed={kind === option}
            onClick={() => set({ kind: option, target: [] })}
          >
            Bind existing {option[0].toUpperCase() + option.slice(1)}
          </Button>
        ))}
      </div>
      <Field
        id="binding-subject"
        label={kind[0].toUpperCase() + kind.slice(1)}
        errors={errors[kind] ?? errors.non_field_errors}
      >
        <MultiSelect
          single
          options={options}
          value={target}
          onChange={(picked) => set({ target: picked })}
          placeholder={`Choose a ${kind}`}
        />
      </Field>
      <div className="grid gap-4 sm:grid-cols-2">
        <Field id="binding-order" label="Order" errors={errors.order}>
          <Input type="number" value={values.order} onChange={(event) => set({ order: event.target.value })} />
        </Field>
        <Field id="binding-timeout" label="Timeout (seconds)" errors={errors.timeout}>
          <Input
            type="number"
            min={0}
            value={values.timeout}
            onChange={(event) => set({ timeout: event.target.value })}
          />
        </Field>
      </div>
      <Field id="binding-negate" label="Negate result" inline errors={errors.negate}>
        <Switch checked={values.negate} onCheckedChange={(negate) => set({ negate })} />
      </Field>
      <Field id="binding-enabled" label="Enabled" inline errors={errors.enabled}>
        <Switch checked={values.enabled} onCheckedChange={(enabled) => set({ enabled })} />
      </Field>
      <Field id="binding-failure" label="Pass when the policy fails or times out" inline errors={errors.failure_result}>
        <Switch checked={values.failure_result} onCheckedChange={(failure_result) => set({ failure_result })} />
      </Field>
    </FormDialog>
  );
}
