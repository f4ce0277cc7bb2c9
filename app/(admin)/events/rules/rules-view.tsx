"use client";

import type { ColumnDef } from "@tanstack/react-table";
import { BellRingIcon, LinkIcon, PencilIcon, PlusIcon, Trash2Icon } from "lucide-react";
import * as React from "react";
import { DataTable } from "@/components/data-table/data-table";
import { RowActions } from "@/components/data-table/row-actions";
import { SearchBox } from "@/components/data-table/search-box";
import { ConfirmDialog } from "@/components/forms/confirm-dialog";
import { Field, FormErrors } from "@/components/forms/field";
import { FormDialog, useDialogForm } from "@/components/forms/form-dialog";
import { MultiSelect, type TPickOption } from "@/components/forms/multi-select";
import { useAction } from "@/components/forms/use-action";
import { SEVERITY_TONE } from "@/components/notifications/severity";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { DropdownMenuItem } from "@/components/ui/dropdown-menu";
import { EmptyState } from "@/components/ui/empty-state";
import { Input } from "@/components/ui/input";
import { Select } from "@/components/ui/select";
import { StatusBadge } from "@/components/ui/status-badge";
import { Switch } from "@/components/ui/switch";
import type { TPagination } from "@/lib/api/pagination";
import type { TSerializedBinding } from "@/lib/policies/binding-serialize";
import type { TSerializedRule } from "@/lib/rules/crud";
import { createBindingAction, deleteBindingAction, deleteRuleAction, saveRuleAction, toggleBindingAction } from "./actions";

export type TRuleChoices = { transports: TPickOption[]; groups: TPickOption[]; policies: TPickOption[]; users: TPickOption[] };

type TForm = { name: string; transports: string[]; severity: string; destination_group: string[]; destination_event_user: boolean; enabled: boolean; policy_engine_mode: string };
const EMPTY: TForm = { name: "", transports: [], severity: "notice", destination_group: [], destination_event_user: false, enabled: true, policy_engine_mode: "any" };

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

function RuleDialog({ open, onOpenChange, rule, choices }: { open: boolean; onOpenChange: (open: boolean) => void; rule?: TSerializedRule; choices: TRuleChoices }) {
  const { values, set } = useDialogForm<TForm>(open, () => (rule ? fromRule(rule) : EMPTY));
  const save = useAction(saveRuleAction, { success: (saved) => `Rule ${saved.name} ${rule ? "saved" : "created"}.`, onSuccess: () => onOpenChange(false) });
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
      <Field id="rule-transports" label="Transports" errors={errors.transports} hint="If none are selected, the notification is only shown in Herald (the bell).">
        <MultiSelect options={choices.transports} value={values.transports} onChange={(transports) => set({ transports })} placeholder="Bell only" />
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
        <Field id="rule-mode" label="Policy engine mode" errors={errors.policy_engine_mode} hint="Any: one passing binding fires the rule. All: every binding must pass.">
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
      <Field id="rule-group" label="Destination group" errors={errors.destination_group} hint="Its members, and members of its child groups, are notified.">
        <MultiSelect single options={choices.groups} value={values.destination_group} onChange={(destination_group) => set({ destination_group })} placeholder="No group" />
      </Field>
      <Field id="rule-event-user" label="Send notification to event user" inline errors={errors.destination_event_user}>
        <Switch checked={values.destination_event_user} onCheckedChange={(checked) => set({ destination_event_user: checked })} />
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

type TBindKind = "policy" | "group" | "user";

function BindDialog({ open, onOpenChange, rule, choices, nextOrder }: { open: boolean; onOpenChange: (open: boolean) => void; rule: TSerializedRule; choices: TRuleChoices; nextOrder: number }) {
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
      description="A policy binding passes when the policy passes; a group or user binding passes when the event’s user is that user or in that group."
      pending={bind.pending}
      submitLabel="Create binding"
      pendingLabel="Binding…"
      submitDisabled={target.length === 0}
      className="max-w-xl"
      onSubmit={() => {
        const subject = kind === "user" ? { user: Number(target[0]) } : { [kind]: target[0] ?? null };
        void bind.run({ target: rule.pk, ...subject, order: Number(values.order), timeout: Number(values.timeout), negate: values.negate, enabled: values.enabled, failure_result: values.failure_result });
      }}
    >
      <div role="group" aria-label="Bind" className="flex gap-2">
        {(["policy", "group", "user"] as const).map((option) => (
          <Button key={option} type="button" variant={kind === option ? "default" : "outline"} aria-pressed={kind === option} onClick={() => set({ kind: option, target: [] })}>
            Bind existing {option[0].toUpperCase() + option.slice(1)}
          </Button>
        ))}
      </div>
      <Field id="binding-subject" label={kind[0].toUpperCase() + kind.slice(1)} errors={errors[kind] ?? errors.non_field_errors}>
        <MultiSelect single options={options} value={target} onChange={(picked) => set({ target: picked })} placeholder={`Choose a ${kind}`} />
      </Field>
      <div className="grid gap-4 sm:grid-cols-2">
        <Field id="binding-order" label="Order" errors={errors.order}>
          <Input type="number" value={values.order} onChange={(event) => set({ order: event.target.value })} />
        </Field>
        <Field id="binding-timeout" label="Timeout (seconds)" errors={errors.timeout}>
          <Input type="number" min={0} value={values.timeout} onChange={(event) => set({ timeout: event.target.value })} />
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

function bindingSubject(binding: TSerializedBinding): { kind: string; name: string } {
  if (binding.policy_obj) return { kind: binding.policy_obj.verbose_name, name: binding.policy_obj.name };
  if (binding.group_obj) return { kind: "Group", name: String(binding.group_obj.name) };
  if (binding.user_obj) return { kind: "User", name: String(binding.user_obj.username) };
  return { kind: "—", name: "—" };
}

function RuleBindings({ rule, bindings, choices }: { rule: TSerializedRule; bindings: TSerializedBinding[]; choices: TRuleChoices }) {
  const [binding, setBinding] = React.useState(false);
  const toggle = useAction(toggleBindingAction, { success: "Binding updated." });
  const remove = useAction(deleteBindingAction, { success: "Binding deleted." });
  const nextOrder = bindings.length ? Math.max(...bindings.map((entry) => entry.order)) + 1 : 0;
  return (
    <div className="grid gap-3 p-2">
      <div className="flex items-center justify-between">
        <p className="text-sm text-muted-foreground">
          {bindings.length === 0 ? "Nothing is bound: this rule never fires." : `Fires when ${rule.policy_engine_mode === "all" ? "all" : "any"} of these pass:`}
        </p>
        <Button size="sm" variant="outline" onClick={() => setBinding(true)}>
          <LinkIcon /> Bind existing Policy / Group / User
        </Button>
      </div>
      {bindings.length > 0 && (
        <table className="w-full text-sm" aria-label={`Bindings of ${rule.name}`}>
          <thead className="text-left text-xs uppercase text-muted-foreground">
            <tr>
              <th className="py-1">Order</th>
              <th>Bound</th>
              <th>Options</th>
              <th>Enabled</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {bindings.map((entry) => {
              const subject = bindingSubject(entry);
              return (
                <tr key={entry.pk} className="border-t">
                  <td className="py-1.5 tabular-nums">{entry.order}</td>
                  <td>
                    <span className="text-muted-foreground">{subject.kind}:</span> <span className="font-medium">{subject.name}</span>
                  </td>
                  <td className="text-xs text-muted-foreground">
                    {[entry.negate && "negated", `timeout ${entry.timeout}s`, entry.failure_result && "passes on failure"].filter(Boolean).join(" · ")}
                  </td>
                  <td>
                    <Switch aria-label={`Enable binding ${entry.order}`} checked={entry.enabled} onCheckedChange={(checked) => void toggle.run({ uuid: entry.pk, enabled: checked })} />
                  </td>
                  <td className="text-right">
                    <Button size="icon" variant="ghost" aria-label={`Delete binding ${entry.order}`} onClick={() => void remove.run({ uuid: entry.pk })}>
                      <Trash2Icon />
                    </Button>
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
      <BindDialog open={binding} onOpenChange={setBinding} rule={rule} choices={choices} nextOrder={nextOrder} />
    </div>
  );
}

function RuleRowActions({ rule, choices }: { rule: TSerializedRule; choices: TRuleChoices }) {
  const [editing, setEditing] = React.useState(false);
  const [deleting, setDeleting] = React.useState(false);
  const remove = useAction(deleteRuleAction, { success: `Rule ${rule.name} deleted.` });
  return (
    <>
      <RowActions label={`Actions for ${rule.name}`}>
        <DropdownMenuItem onSelect={() => setEditing(true)}>
          <PencilIcon /> Edit
        </DropdownMenuItem>
        <DropdownMenuItem variant="destructive" onSelect={() => setDeleting(true)}>
          <Trash2Icon /> Delete
        </DropdownMenuItem>
      </RowActions>
      <RuleDialog open={editing} onOpenChange={setEditing} rule={rule} choices={choices} />
      <ConfirmDialog
        open={deleting}
        onOpenChange={setDeleting}
        title={`Delete rule ${rule.name}?`}
        description={`Its ${rule.bindings_count} binding(s) are deleted with it; past notifications and deliveries keep their history.`}
        onConfirm={() => remove.run({ uuid: rule.pk })}
      />
    </>
  );
}

export function RulesTable({ data, pagination, pageSize, bindings, choices }: { data: TSerializedRule[]; pagination: TPagination; pageSize: number; bindings: TSerializedBinding[]; choices: TRuleChoices }) {
  const transportName = new Map(choices.transports.map((option) => [option.value, String(option.label)]));
  const columns: ColumnDef<TSerializedRule>[] = [
    {
      id: "name",
      header: "Name",
      meta: { ordering: "name" },
      cell: ({ row }) => (
        <span className="font-medium">
          {row.original.name}
          {!row.original.enabled && <Badge variant="secondary" className="ml-2">disabled</Badge>}
        </span>
      ),
    },
    { id: "severity", header: "Severity", meta: { ordering: "severity" }, cell: ({ row }) => <StatusBadge tone={SEVERITY_TONE[row.original.severity]}>{row.original.severity}</StatusBadge> },
    {
      id: "destination",
      header: "Sent to",
      cell: ({ row }) =>
        [row.original.destination_group_obj?.name, row.original.destination_event_user && "event user"].filter(Boolean).join(" + ") || <span className="text-warning">Nobody</span>,
    },
    {
      id: "transports",
      header: "Transports",
      cell: ({ row }) => (row.original.transports.length ? row.original.transports.map((id) => transportName.get(id) ?? id).join(", ") : <span className="text-muted-foreground">Bell only</span>),
    },
    { id: "bindings", header: "Bindings", cell: ({ row }) => <span className="tabular-nums">{row.original.bindings_count}</span> },
    { id: "actions", header: "", meta: { className: "w-10" }, cell: ({ row }) => <RuleRowActions rule={row.original} choices={choices} /> },
  ];
  return (
    <DataTable
      label="Rules"
      columns={columns}
      data={data}
      pagination={pagination}
      pageSize={pageSize}
      getRowId={(rule) => rule.pk}
      toolbar={<SearchBox placeholder="Search rules" />}
      renderExpanded={(rule) => <RuleBindings rule={rule} bindings={bindings.filter((entry) => entry.target === rule.pk)} choices={choices} />}
      empty={<EmptyState icon={<BellRingIcon />} title="No rules yet" description="Create a rule, then bind a policy to choose which events notify." />}
    />
  );
}
