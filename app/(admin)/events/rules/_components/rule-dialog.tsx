"use client";

import { PlusIcon } from "lucide-react";
import * as React from "react";
import { Field, FormErrors } from "@/components/forms/field";
import { FormDialog, useDialogForm } from "@/components/forms/form-dialog";
import { MultiSelect } from "@/components/forms/multi-select";
import { useAction } from "@/components/forms/use-action";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { Select } from "@/components/ui/select";
import { Switch } from "@/components/ui/switch";
import type { TSerializedRule } from "@/lib/rules/serialize";
import { saveRuleAction } from "../actions";
import type { TRuleChoices } from "./rule-choices";

type TForm = {
  name: string;
  transports: string[];
  severity: string;
  destination_group: string[];
  destination_event_user: boolean;
  enabled: boolean;
  policy_engine_mode: string;
};
const EMPTY: TForm = {
  name: "",
  transports: [],
  severity: "notice",
  destination_group: [],
  destination_event_user: false,
  enabled: true,
  policy_engine_mode: "any",
};

function fromRule(rule: TSerializedRule): TForm {
  return {
    name: rule.name,
    transports: rule.transports,
    severity: rule.severity,
    destination_group: rule.destination_group ? [rule.destination_group] : [],
    destination_event_user: rule.destination_event_user,
    enabled: rule.enabled,
    policy_engine_mode: rule.policy_engine_mode,
  };
}

export function RuleDialog({
  open,
  onOpenChange,
  rule,
  choices,
}: {
  open: boolean;
  onOpenChange: (open: boolean) => void;
  rule?: TSerializedRule;
  choices: TRuleChoices;
}) {
  const { values, set } = useDialogForm<TForm>(open, () => (rule ? fromRule(rule) : EMPTY));
  const save = useAction(saveRuleAction, {
    success: (saved) => `Rule ${saved.name} ${rule ? "saved" : "created"}.`,
    onSuccess: () => onOpenChange(false),
  });
  const errors = save.fieldErrors;
  return (
    <FormDialog
      open={open}
      onOpenChange={onOpenChange}
      title={rule ? `Edit rule ${rule.name}` : "Create rule"}
      description="After saving, expand the rule and bind policies, groups or users to decide which events fire it."
      pending={save.pending}
      submitLabel={rule ? "Save rule" : "Create rule"}
      onSubmit={() => {
        void save.run({ uuid: rule?.pk, ...values, destination_group: values.destination_group[0] ?? null });
      }}
    >
      <Field id="rule-name" label="Name" errors={errors.name}>
        <Input value={values.name} onChange={(event) => set({ name: event.target.value })} required />
      </Field>
      <Field
        id="rule-transports"
        label="Transports"
        errors={errors.transports}
        hint="If none are selected, the notification is only shown in Herald (the bell)."
      >
        <MultiSelect
          options={choices.transports}
          value={values.transports}
          onChange={(transports) => set({ transports })}
          placeholder="Bell only"
        />
      </Field>
      <div className="grid gap-4 sm:grid-cols-2">
        <Field id="rule-severity" label="Severity" errors={errors.severity}>
          <Select
            value={values.severity}
            onValueChange={(severity) => set({ severity })}
            options={[
              { value: "notice", label: "Notice" },
              { value: "warning", label: "Warning" },
              { value: "alert", label: "Alert" },
            ]}
          />
        </Field>
        <Field
          id="rule-mode"
          label="Policy engine mode"
          errors={errors.policy_engine_mode}
          hint="Any: one passing binding fires the rule. All: every binding must pass."
        >
          <Select
            value={values.policy_engine_mode}
            onValueChange={(policy_engine_mode) => set({ policy_engine_mode })}
            options={[
              { value: "any", label: "Any binding passes" },
              { value: "all", label: "All bindings pass" },
            ]}
          />
        </Field>
      </div>
      <Field
        id="rule-group"
        label="Destination group"
        errors={errors.destination_group}
        hint="Its members, and members of its child groups, are notified."
      >
        <MultiSelect
          single
          options={choices.groups}
          value={values.destination_group}
          onChange={(destination_group) => set({ destination_group })}
          placeholder="No group"
        />
      </Field>
      <Field id="rule-event-user" label="Send notification to event user" inline errors={errors.destination_event_user}>
        <Switch
          checked={values.destination_event_user}
          onCheckedChange={(checked) => set({ destination_event_user: checked })}
        />
      </Field>
      <Field id="rule-enabled" label="Enabled" inline errors={errors.enabled}>
        <Switch checked={values.enabled} onCheckedChange={(checked) => set({ enabled: checked })} />
      </Field>
      <FormErrors errors={errors.non_field_errors} />
    </FormDialog>
  );
}

export function RuleDialogButton({ choices }: { choices: TRuleChoices }) {
  const [open, setOpen] = React.useState(false);
  return (
    <>
      <Button onClick={() => setOpen(true)}>
        <PlusIcon /> Create rule
      </Button>
      <RuleDialog open={open} onOpenChange={setOpen} choices={choices} />
    </>
  );
}
