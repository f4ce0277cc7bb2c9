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
import { createUserAction } from "./actions";

export type TUserFormValues = {
  username: string;
  name: string;
  email: string;
  is_active: boolean;
  is_superuser: boolean;
  groups: string[];
};

/** The fields shared by "create user" and the user's edit page. */
export function UserFields({
  values,
  onChange,
  errors,
  groups,
}: {
  values: TUserFormValues;
  onChange: (patch: Partial<TUserFormValues>) => void;
  errors: TFieldErrors;
  groups: TPickOption[];
}) {
  return (
    <>
      <Field id="user-username" label="Username" errors={errors.username} hint="Letters, digits and @ . + - _ only.">
        <Input
          value={values.username}
          onChange={(event) => onChange({ username: event.target.value })}
          autoComplete="off"
          required
        />
      </Field>
      <div className="grid gap-4 sm:grid-cols-2">
        <Field id="user-name" label="Name" errors={errors.name}>
          <Input value={values.name} onChange={(event) => onChange({ name: event.target.value })} />
        </Field>
        <Field id="user-email" label="Email" errors={errors.email} hint="Needed for email notifications.">
          <Input type="email" value={values.email} onChange={(event) => onChange({ email: event.target.value })} />
        </Field>
      </div>
      <Field id="user-groups" label="Groups" errors={errors.groups}>
        <MultiSelect
          options={groups}
          value={values.groups}
          onChange={(next) => onChange({ groups: next })}
          placeholder="No groups"
        />
      </Field>
      <div className="flex flex-wrap gap-6">
        <Field id="user-active" label="Active (may sign in and receive notifications)" inline errors={errors.is_active}>
          <Switch checked={values.is_active} onCheckedChange={(checked) => onChange({ is_active: checked })} />
        </Field>
        <Field id="user-superuser" label="Superuser (administrator)" inline errors={errors.is_superuser}>
          <Switch checked={values.is_superuser} onCheckedChange={(checked) => onChange({ is_superuser: checked })} />
        </Field>
      </div>
    </>
  );
}

const EMPTY: TUserFormValues = { username: "", name: "", email: "", is_active: true, is_superuser: false, groups: [] };

export function CreateUserButton({ groups }: { groups: TPickOption[] }) {
  const router = useRouter();
  const [open, setOpen] = React.useState(false);
  const [values, setValues] = React.useState(EMPTY);
  const [password, setPassword] = React.useState("");
  const create = useAction(createUserAction, {
    success: (user) => `User ${user.username} created.`,
    onSuccess: (user) => {
      setOpen(false);
      setValues(EMPTY);
      setPassword("");
      router.push(`/directory/users/${user.id}`);
    },
  });
  return (
    <>
      <Button onClick={() => setOpen(true)}>
        <PlusIcon /> Create user
      </Button>
      <FormDialog
        open={open}
        onOpenChange={setOpen}
        className="max-w-xl"
        title="Create user"
        description="Without a password the account cannot sign in, but can receive notifications and own tokens."
        pending={create.pending}
        pendingLabel="Creating…"
        submitLabel="Create user"
        onSubmit={() => void create.run({ ...values, ...(password ? { password } : {}) })}
      >
        <UserFields
          values={values}
          onChange={(patch) => setValues((current) => ({ ...current, ...patch }))}
          errors={create.fieldErrors}
          groups={groups}
        />
        <Field
          id="user-password"
          label="Password"
          errors={create.fieldErrors.password}
          hint="At least 8 characters. Leave empty for an account without a password."
        >
          <Input
            type="password"
            value={password}
            onChange={(event) => setPassword(event.target.value)}
            autoComplete="new-password"
          />
        </Field>
        <FormErrors errors={create.fieldErrors.non_field_errors} />
      </FormDialog>
    </>
  );
}
