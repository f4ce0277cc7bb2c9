"use client";

import type { ColumnDef } from "@tanstack/react-table";
import { BracesIcon, PencilIcon, PlusIcon, Trash2Icon } from "lucide-react";
import * as React from "react";
import { DataTable } from "@/components/data-table/data-table";
import { RowActions } from "@/components/data-table/row-actions";
import { SearchBox } from "@/components/data-table/search-box";
import { Field, FormErrors } from "@/components/forms/field";
import { FormDialog, useDialogForm } from "@/components/forms/form-dialog";
import { useUsedByDelete } from "@/components/forms/used-by-delete";
import { useAction } from "@/components/forms/use-action";
import { Button } from "@/components/ui/button";
import { DropdownMenuItem } from "@/components/ui/dropdown-menu";
import { EmptyState } from "@/components/ui/empty-state";
import { Input, Textarea } from "@/components/ui/input";
import type { TPagination } from "@/lib/api/pagination";
import type { TSerializedMapping } from "@/lib/mappings/mappings";
import { deleteMappingAction, mappingUsedByAction, saveMappingAction } from "./actions";

const SAMPLE = `// Sees notification {body, severity, hyperlink, event}, user (the recipient) and request.
return {
  text: notification.body,
  severity: notification.severity,
  to: user.email,
};`;

function MappingDialog({ open, onOpenChange, mapping }: { open: boolean; onOpenChange: (open: boolean) => void; mapping?: TSerializedMapping }) {
  const { values, set } = useDialogForm(open, () => ({ name: mapping?.name ?? "", expression: mapping?.expression ?? SAMPLE }));
  const save = useAction(saveMappingAction, { success: (saved) => `Mapping ${saved.name} ${mapping ? "saved" : "created"}.`, onSuccess: () => onOpenChange(false) });
  return (
    <FormDialog
      open={open}
      onOpenChange={onOpenChange}
      title={mapping ? `Edit mapping ${mapping.name}` : "Create webhook mapping"}
      description="The expression’s return value becomes the webhook body (or, as a header mapping, extra headers). It runs in a sandbox with time and memory limits."
      pending={save.pending}
      submitLabel={mapping ? "Save mapping" : "Create mapping"}
      onSubmit={() => void save.run({ uuid: mapping?.pk, ...values })}
    >
      <Field id="mapping-name" label="Name" errors={save.fieldErrors.name}>
        <Input value={values.name} onChange={(event) => set({ name: event.target.value })} required />
      </Field>
      <Field id="mapping-expression" label="Expression" errors={save.fieldErrors.expression}>
        <Textarea rows={10} className="font-mono text-xs" value={values.expression} onChange={(event) => set({ expression: event.target.value })} />
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

function MappingRowActions({ mapping }: { mapping: TSerializedMapping }) {
  const [editing, setEditing] = React.useState(false);
  const deletion = useUsedByDelete({
    uuid: mapping.pk,
    loadUsedBy: mappingUsedByAction,
    remove: deleteMappingAction,
    success: `Mapping ${mapping.name} deleted.`,
    title: `Delete mapping ${mapping.name}?`,
    description: "Transports that use it fall back to the default body / no extra headers.",
    describe: (usedBy) => <p className="text-sm">{usedBy.length ? `Used by: ${usedBy.map((entry) => entry.name).join(", ")}` : "No transport uses it."}</p>,
  });
  return (
    <>
      <RowActions label={`Actions for ${mapping.name}`}>
        <DropdownMenuItem onSelect={() => setEditing(true)}>
          <PencilIcon /> Edit
        </DropdownMenuItem>
        <DropdownMenuItem variant="destructive" onSelect={deletion.start}>
          <Trash2Icon /> Delete
        </DropdownMenuItem>
      </RowActions>
      <MappingDialog open={editing} onOpenChange={setEditing} mapping={mapping} />
      {deletion.dialog}
    </>
  );
}

const columns: ColumnDef<TSerializedMapping>[] = [
  { id: "name", header: "Name", meta: { ordering: "name" }, cell: ({ row }) => <span className="font-medium">{row.original.name}</span> },
  { id: "expression", header: "Expression", cell: ({ row }) => <span className="font-mono text-xs">{row.original.expression.split("\n").find((line) => !line.startsWith("//"))?.slice(0, 90)}</span> },
  { id: "actions", header: "", meta: { className: "w-10" }, cell: ({ row }) => <MappingRowActions mapping={row.original} /> },
];

export function MappingsTable({ data, pagination, pageSize }: { data: TSerializedMapping[]; pagination: TPagination; pageSize: number }) {
  return (
    <DataTable
      label="Webhook mappings"
      columns={columns}
      data={data}
      pagination={pagination}
      pageSize={pageSize}
      getRowId={(mapping) => mapping.pk}
      toolbar={<SearchBox placeholder="Search mappings" />}
      empty={<EmptyState icon={<BracesIcon />} title="No mappings yet" description="Create one to shape webhook bodies for a receiver that expects its own format." />}
    />
  );
}
