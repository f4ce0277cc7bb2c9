"use client";

import { PlusIcon } from "lucide-react";
import * as React from "react";
import { Field, FormErrors } from "@/components/forms/field";
import { FormDialog, useDialogForm } from "@/components/forms/form-dialog";
import { useAction } from "@/components/forms/use-action";
import { Button } from "@/components/ui/button";
import { Input, Textarea } from "@/components/ui/input";
import { Select } from "@/components/ui/select";
import { Switch } from "@/components/ui/switch";
import type { TSerializedPolicy } from "@/lib/policies/serialize";
import { savePolicyAction } from "../actions";
import { kindOf, type TPolicyKind } from "./policy-kind";
import type { TPolicyPageContext } from "./policy-page-context";

type TForm = {
  kind: TPolicyKind;
  name: string;
  execution_logging: boolean;
  action: string;
  client_ip: string;
  app: string;
  model: string;
  expression: string;
};

const EMPTY: TForm = {
  kind: "event_matcher",
  name: "",
  execution_logging: false,
  action: "",
  client_ip: "",
  app: "",
  model: "",
  expression: "return request.context.event.action === 'login_failed';",
};

function fromPolicy(policy: TSerializedPolicy): TForm {
  const text = (value: unknown) => (typeof value === "string" ? value : "");
  return {
    kind: kindOf(policy),
    name: policy.name,
    execution_logging: policy.execution_logging,
    action: text(policy.action),
    client_ip: text(policy.client_ip),
    app: text(policy.app),
    model: text(policy.model),
    expression: text(policy.expression),
  };
}

export function PolicyDialog({
  open,
  onOpenChange,
  policy,
  context,
}: {
  open: boolean;
  onOpenChange: (open: boolean) => void;
  policy?: TSerializedPolicy;
  context: TPolicyPageContext;
}) {
  const { values, set } = useDialogForm<TForm>(open, () => (policy ? fromPolicy(policy) : EMPTY));
  const save = useAction(savePolicyAction, {
    success: (saved) => `Policy ${saved.name} ${policy ? "saved" : "created"}.`,
    onSuccess: () => onOpenChange(false),
  });
  const errors = save.fieldErrors;
  return (
    <FormDialog
      open={open}
      onOpenChange={onOpenChange}
      title={policy ? `Edit policy ${policy.name}` : "Create policy"}
      description="A policy passes or fails for an event; rules fire when their bound policies pass."
      pending={save.pending}
      submitLabel={policy ? "Save policy" : "Create policy"}
      onSubmit={() => {
        const common = { name: values.name, execution_logging: values.execution_logging };
        void save.run(
          values.kind === "expression"
            ? { kind: "expression", uuid: policy?.pk, ...common, expression: values.expression }
            : {
                kind: "event_matcher",
                uuid: policy?.pk,
                ...common,
                action: values.action || null,
                client_ip: values.client_ip || null,
                app: values.app || null,
                model: values.model || null,
              },
        );
      }}
    >
      {!policy && (
        <Field id="policy-kind" label="Type">
          <Select
            value={values.kind}
            onValueChange={(kind) => set({ kind: kind as TPolicyKind })}
            options={[
              { value: "event_matcher", label: "Event Matcher Policy" },
              { value: "expression", label: "Expression Policy (JavaScript)" },
            ]}
          />
        </Field>
      )}
      <Field id="policy-name" label="Name" errors={errors.name}>
        <Input value={values.name} onChange={(event) => set({ name: event.target.value })} required />
      </Field>
      {values.kind === "event_matcher" ? (
        <>
          <p className="text-sm text-muted-foreground">
            Set at least one field; every field you set must match the event.
          </p>
          <Field id="policy-action" label="Action" errors={errors.action}>
            <Select
              value={values.action}
              onValueChange={(action) => set({ action })}
              options={context.actions}
              emptyLabel="Any action"
            />
          </Field>
          <div className="grid gap-4 sm:grid-cols-3">
            <Field id="policy-client-ip" label="Client IP" errors={errors.client_ip}>
              <Input
                value={values.client_ip}
                onChange={(event) => set({ client_ip: event.target.value })}
                placeholder="203.0.113.7"
              />
            </Field>
            <Field id="policy-app" label="App" errors={errors.app}>
              <Input
                value={values.app}
                onChange={(event) => set({ app: event.target.value })}
                placeholder="authentik.core"
              />
            </Field>
            <Field id="policy-model" label="Model" errors={errors.model}>
              <Input
                value={values.model}
                onChange={(event) => set({ model: event.target.value })}
                placeholder="authentik_core.user"
              />
            </Field>
          </div>
        </>
      ) : (
        <Field
          id="policy-expression"
          label="Expression"
          errors={errors.expression}
          hint={
            "JavaScript; return true to pass. Sees request.context.event, request.user, ip_address, ip_network, " +
            "regex_match, regex_replace, ak_message(). Runs with CPU and memory limits."
          }
        >
          <Textarea
            rows={8}
            className="font-mono text-xs"
            value={values.expression}
            onChange={(event) => set({ expression: event.target.value })}
          />
        </Field>
      )}
      <Field
        id="policy-logging"
        label="Execution logging (record every evaluation as a policy_execution event)"
        inline
        errors={errors.execution_logging}
      >
        <Switch checked={values.execution_logging} onCheckedChange={(checked) => set({ execution_logging: checked })} />
      </Field>
      <FormErrors errors={errors.non_field_errors} />
    </FormDialog>
  );
}

export function PolicyDialogButton({ context }: { context: TPolicyPageContext }) {
  const [open, setOpen] = React.useState(false);
  return (
    <>
      <Button onClick={() => setOpen(true)}>
        <PlusIcon /> Create policy
      </Button>
      <PolicyDialog open={open} onOpenChange={setOpen} context={context} />
    </>
  );
}
