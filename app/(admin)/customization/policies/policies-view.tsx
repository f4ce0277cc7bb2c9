"use client";

import type { ColumnDef } from "@tanstack/react-table";
import { FlaskConicalIcon, PencilIcon, PlusIcon, ShieldCheckIcon, Trash2Icon } from "lucide-react";
import * as React from "react";
import { DataTable } from "@/components/data-table/data-table";
import { RowActions } from "@/components/data-table/row-actions";
import { SearchBox } from "@/components/data-table/search-box";
import { Field, FormErrors } from "@/components/forms/field";
import { FormDialog, useDialogForm } from "@/components/forms/form-dialog";
import { useUsedByDelete } from "@/components/forms/used-by-delete";
import { useAction } from "@/components/forms/use-action";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { DropdownMenuItem } from "@/components/ui/dropdown-menu";
import { EmptyState } from "@/components/ui/empty-state";
import { Input, Textarea } from "@/components/ui/input";
import { Select, type TSelectOption } from "@/components/ui/select";
import { StatusBadge } from "@/components/ui/status-badge";
import { Switch } from "@/components/ui/switch";
import type { TPagination } from "@/lib/api/pagination";
import type { TSerializedPolicy } from "@/lib/policies/serialize";
import type { TPolicyTestResult } from "@/lib/policies/try-policy";
import { deletePolicyAction, policyUsedByAction, savePolicyAction, testPolicyAction } from "./actions";

export type TPolicyPageContext = { actions: TSelectOption[]; events: TSelectOption[]; users: TSelectOption[]; currentUser: string };

type TKind = "event_matcher" | "expression";
type TForm = { kind: TKind; name: string; execution_logging: boolean; action: string; client_ip: string; app: string; model: string; expression: string };

const EMPTY: TForm = { kind: "event_matcher", name: "", execution_logging: false, action: "", client_ip: "", app: "", model: "", expression: "return request.context.event.action === 'login_failed';" };

const kindOf = (policy: TSerializedPolicy): TKind => (policy.component === "ak-policy-expression-form" ? "expression" : "event_matcher");

function fromPolicy(policy: TSerializedPolicy): TForm {
  const text = (value: unknown) => (typeof value === "string" ? value : "");
  return { kind: kindOf(policy), name: policy.name, execution_logging: policy.execution_logging, action: text(policy.action), client_ip: text(policy.client_ip), app: text(policy.app), model: text(policy.model), expression: text(policy.expression) };
}

function PolicyDialog({ open, onOpenChange, policy, context }: { open: boolean; onOpenChange: (open: boolean) => void; policy?: TSerializedPolicy; context: TPolicyPageContext }) {
  const { values, set } = useDialogForm<TForm>(open, () => (policy ? fromPolicy(policy) : EMPTY));
  const save = useAction(savePolicyAction, { success: (saved) => `Policy ${saved.name} ${policy ? "saved" : "created"}.`, onSuccess: () => onOpenChange(false) });
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
            : { kind: "event_matcher", uuid: policy?.pk, ...common, action: values.action || null, client_ip: values.client_ip || null, app: values.app || null, model: values.model || null },
        );
      }}
    >
      {!policy && (
        <Field id="policy-kind" label="Type">
          <Select
            value={values.kind}
            onValueChange={(kind) => set({ kind: kind as TKind })}
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
          <p className="text-sm text-muted-foreground">Set at least one field; every field you set must match the event.</p>
          <Field id="policy-action" label="Action" errors={errors.action}>
            <Select value={values.action} onValueChange={(action) => set({ action })} options={context.actions} emptyLabel="Any action" />
          </Field>
          <div className="grid gap-4 sm:grid-cols-3">
            <Field id="policy-client-ip" label="Client IP" errors={errors.client_ip}>
              <Input value={values.client_ip} onChange={(event) => set({ client_ip: event.target.value })} placeholder="203.0.113.7" />
            </Field>
            <Field id="policy-app" label="App" errors={errors.app}>
              <Input value={values.app} onChange={(event) => set({ app: event.target.value })} placeholder="authentik.core" />
            </Field>
            <Field id="policy-model" label="Model" errors={errors.model}>
              <Input value={values.model} onChange={(event) => set({ model: event.target.value })} placeholder="authentik_core.user" />
            </Field>
          </div>
        </>
      ) : (
        <Field
          id="policy-expression"
          label="Expression"
          errors={errors.expression}
          hint="JavaScript; return true to pass. Sees request.context.event, request.user, ip_address, ip_network, regex_match, regex_replace, ak_message(). Runs with CPU and memory limits."
        >
          <Textarea rows={8} className="font-mono text-xs" value={values.expression} onChange={(event) => set({ expression: event.target.value })} />
        </Field>
      )}
      <Field id="policy-logging" label="Execution logging (record every evaluation as a policy_execution event)" inline errors={errors.execution_logging}>
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

function TestDialog({ open, onOpenChange, policy, context }: { open: boolean; onOpenChange: (open: boolean) => void; policy: TSerializedPolicy; context: TPolicyPageContext }) {
  const [event, setEvent] = React.useState(context.events[0]?.value ?? "");
  const [user, setUser] = React.useState(context.currentUser);
  const [result, setResult] = React.useState<TPolicyTestResult | null>(null);
  const test = useAction(testPolicyAction, { refresh: false, onSuccess: setResult });
  return (
    <FormDialog
      open={open}
      onOpenChange={onOpenChange}
      title={`Test policy ${policy.name}`}
      description="Runs the policy against a recent event, as if that user triggered it."
      pending={test.pending}
      submitLabel="Run test"
      pendingLabel="Running…"
      cancelLabel="Close"
      submitDisabled={!event}
      onSubmit={() => {
        setResult(null);
        void test.run({ uuid: policy.pk, event, user: Number(user) });
      }}
    >
      <Field id="test-event" label="Event" errors={test.fieldErrors.event}>
        <Select value={event} onValueChange={setEvent} options={context.events} placeholder="No events yet" />
      </Field>
      <Field id="test-user" label="As user" errors={test.fieldErrors.user}>
        <Select value={user} onValueChange={setUser} options={context.users} />
      </Field>
      {result && (
        <div className="grid gap-2 rounded-md border p-3 text-sm" role="status" aria-label="Test result">
          <div>
            Result: <StatusBadge tone={result.passing ? "success" : "destructive"}>{result.passing ? "Passing" : "Not passing"}</StatusBadge>
          </div>
          {result.messages.length > 0 && (
            <ul className="ml-5 list-disc">
              {result.messages.map((message, index) => (
                <li key={index}>{message}</li>
              ))}
            </ul>
          )}
          {result.log_messages.length > 0 && (
            <pre className="max-h-40 overflow-auto rounded bg-muted p-2 text-xs">{result.log_messages.map((entry) => `${entry.log_level}: ${entry.event}`).join("\n")}</pre>
          )}
        </div>
      )}
    </FormDialog>
  );
}

function PolicyRowActions({ policy, context }: { policy: TSerializedPolicy; context: TPolicyPageContext }) {
  const [editing, setEditing] = React.useState(false);
  const [testing, setTesting] = React.useState(false);
  const deletion = useUsedByDelete({
    uuid: policy.pk,
    loadUsedBy: policyUsedByAction,
    remove: deletePolicyAction,
    success: `Policy ${policy.name} deleted.`,
    title: `Delete policy ${policy.name}?`,
    description: "Its bindings are deleted with it.",
    describe: (usedBy) =>
      usedBy.length ? <p className="text-sm">Bound to: {usedBy.map((entry) => entry.name).join(", ")}</p> : <p className="text-sm text-muted-foreground">Not bound to any rule.</p>,
  });
  return (
    <>
      <RowActions label={`Actions for ${policy.name}`}>
        <DropdownMenuItem onSelect={() => setTesting(true)}>
          <FlaskConicalIcon /> Test
        </DropdownMenuItem>
        <DropdownMenuItem onSelect={() => setEditing(true)}>
          <PencilIcon /> Edit
        </DropdownMenuItem>
        <DropdownMenuItem variant="destructive" onSelect={deletion.start}>
          <Trash2Icon /> Delete
        </DropdownMenuItem>
      </RowActions>
      <PolicyDialog open={editing} onOpenChange={setEditing} policy={policy} context={context} />
      <TestDialog open={testing} onOpenChange={setTesting} policy={policy} context={context} />
      {deletion.dialog}
    </>
  );
}

function summary(policy: TSerializedPolicy): string {
  if (kindOf(policy) === "expression") return String(policy.expression ?? "").split("\n")[0].slice(0, 80);
  return (["action", "client_ip", "app", "model"] as const)
    .filter((key) => policy[key])
    .map((key) => `${key} = ${String(policy[key])}`)
    .join(", ");
}

export function PoliciesTable({ data, pagination, pageSize, context }: { data: TSerializedPolicy[]; pagination: TPagination; pageSize: number; context: TPolicyPageContext }) {
  const columns: ColumnDef<TSerializedPolicy>[] = [
    { id: "name", header: "Name", meta: { ordering: "name" }, cell: ({ row }) => <span className="font-medium">{row.original.name}</span> },
    { id: "type", header: "Type", cell: ({ row }) => <Badge variant="secondary">{row.original.verbose_name}</Badge> },
    { id: "summary", header: "Matches", cell: ({ row }) => <span className="font-mono text-xs">{summary(row.original)}</span> },
    {
      id: "bound_to",
      header: "Bound to",
      cell: ({ row }) => (row.original.bound_to ? `${row.original.bound_to} rule binding(s)` : <span className="text-warning">Not bound</span>),
    },
    { id: "actions", header: "", meta: { className: "w-10" }, cell: ({ row }) => <PolicyRowActions policy={row.original} context={context} /> },
  ];
  return (
    <DataTable
      label="Policies"
      columns={columns}
      data={data}
      pagination={pagination}
      pageSize={pageSize}
      getRowId={(policy) => policy.pk}
      toolbar={<SearchBox placeholder="Search policies" />}
      empty={<EmptyState icon={<ShieldCheckIcon />} title="No policies yet" description="Create an event matcher, then bind it to a notification rule." />}
    />
  );
}
