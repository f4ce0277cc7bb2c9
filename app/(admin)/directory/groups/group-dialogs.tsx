"use client";

import { PlusIcon } from "lucide-react";
import { useRouter } from "next/navigation";
import * as React from "react";
import { Field, FormErrors } from "@/components/forms/field";
import { FormDialog } from "@/components/forms/form-dialog";
import { MultiSelect, type TPickOption } from "@/components/forms/multi-select";
import { useAction } from "@/components/forms/use-action";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { Switch } from "@/components/ui/switch";
import type { TFieldErrors } from "@/lib/errors";
import { createGroupAction } from "./actions";

export type TGroupFormValues = { name: string; parent: string[]; is_superuser: boolean };

export function GroupFields({
  values,
  onChange,
  errors,
  groups,
}: {
  values: TGroupFormValues;
  onChange: (patch: Partial<TGroupFormValues>) => void;
  errors: TFieldErrors;
  groups: TPickOption[];
}) {
  return (
    <>
      <Field id="group-name" label="Name" errors={errors.name}>
        <Input value={values.name} onChange={(event) => onChange({ name: event.target.value })} required />
      </Field>
      <Field
        id="group-parent"
        label="Parent group"
        errors={errors.parents ?? errors.parent}
        hint="Members of this group also count as members of the parent."
      >
        <MultiSelect
          single
          options={groups}
          value={values.parent}
          onChange={(parent) => onChange({ parent })}
          placeholder="No parent"
        />
      </Field>
      <Field
        id="group-superuser"
        label="Superuser group (members are administrators)"
        inline
        errors={errors.is_superuser}
      >
        <Switch checked={values.is_superuser} onCheckedChange={(checked) => onChange({ is_superuser: checked })} />
      </Field>
    </>
  );
}

const EMPTY: TGroupFormValues = { name: "", parent: [], is_superuser: false };

export function CreateGroupButton({ groups, users }: { groups: TPickOption[]; users: TPickOption[] }) {
  const router = useRouter();
  const [open, setOpen] = React.useState(false);
  const [values, setValues] = React.useState(EMPTY);
  const [members, setMembers] = React.useState<string[]>([]);
  const create = useAction(createGroupAction, {
    success: (group) => `Group ${group.name} created.`,
    onSuccess: (group) => {
      setOpen(false);
      setValues(EMPTY);
      setMembers([]);
      router.push(`/directory/groups/${group.uuid}`);
    },
  });
  return (
    <>
      <Button onClick={() => setOpen(true)}>
        <PlusIcon /> Create group
      </Button>
      <FormDialog
        open={open}
        onOpenChange={setOpen}
        className="max-w-xl"
        title="Create group"
        description="Rules can notify a group; superuser groups make their members administrators."
        pending={create.pending}
        pendingLabel="Creating…"
        submitLabel="Create group"
        onSubmit={() =>
          void create.run({
            name: values.name,
            is_superuser: values.is_superuser,
            parents: values.parent,
            users: members.map(Number),
          })
        }
      >
        <GroupFields
          values={values}
          onChange={(patch) => setValues((current) => ({ ...current, ...patch }))}
          errors={create.fieldErrors}
          groups={groups}
        />
        <Field id="group-members" label="Members" errors={create.fieldErrors.users}>
          <MultiSelect options={users} value={members} onChange={setMembers} placeholder="No members yet" />
        </Field>
        <FormErrors errors={create.fieldErrors.non_field_errors} />
      </FormDialog>
    </>
  );
}
