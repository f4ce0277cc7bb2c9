"use client";

import { KeyRoundIcon } from "lucide-react";
import { useRouter } from "next/navigation";
import * as React from "react";
import { DeleteCard } from "@/components/forms/delete-card";
import { Field, FormErrors } from "@/components/forms/field";
import type { TPickOption } from "@/components/forms/multi-select";
import { useAction } from "@/components/forms/use-action";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { Input } from "@/components/ui/input";
import { RelativeTime } from "@/components/ui/relative-time";
import type { TSerializedUser } from "@/lib/users/serialize";
import { deleteUserAction, setUserPasswordAction, updateUserAction } from "../actions";
import { type TUserFormValues, UserFields } from "../user-dialogs";

export function UserEdit({ user, groups, isSelf }: { user: TSerializedUser; groups: TPickOption[]; isSelf: boolean }) {
  const router = useRouter();
  const initial: TUserFormValues = {
    username: user.username,
    name: user.name,
    email: user.email,
    is_active: user.is_active,
    is_superuser: user.is_superuser,
    groups: user.groups,
  };
  const [values, setValues] = React.useState(initial);
  const [password, setPassword] = React.useState("");
  const save = useAction(updateUserAction, { success: "Changes saved." });
  const setPasswordRun = useAction(setUserPasswordAction, {
    success: "Password set.",
    onSuccess: () => setPassword(""),
  });
  const remove = useAction(deleteUserAction, {
    success: `User ${user.username} deleted.`,
    refresh: false,
    onSuccess: () => router.push("/directory/users"),
  });

  return (
    <div className="grid gap-6 lg:grid-cols-3">
      <Card className="lg:col-span-2">
        <CardHeader>
          <CardTitle>Profile</CardTitle>
          <CardDescription>Changes are recorded in the event log with a diff.</CardDescription>
        </CardHeader>
        <CardContent>
          <form
            className="grid gap-4"
            onSubmit={(event) => {
              event.preventDefault();
              void save.run({ id: user.pk, ...values });
            }}
          >
            <UserFields
              values={values}
              onChange={(patch) => setValues((current) => ({ ...current, ...patch }))}
              errors={save.fieldErrors}
              groups={groups}
            />
            <FormErrors errors={save.fieldErrors.non_field_errors} />
            <div className="flex justify-end gap-2">
              <Button variant="outline" onClick={() => setValues(initial)} disabled={save.pending}>
                Reset
              </Button>
              <Button type="submit" disabled={save.pending}>
                {save.pending ? "Saving…" : "Save changes"}
              </Button>
            </div>
          </form>
        </CardContent>
      </Card>
      <div className="grid content-start gap-6">
        <Card>
          <CardHeader>
            <CardTitle>Details</CardTitle>
          </CardHeader>
          <CardContent>
            <dl className="grid grid-cols-[auto_1fr] gap-x-4 gap-y-2 text-sm">
              <dt className="text-muted-foreground">ID</dt>
              <dd className="font-mono">{user.pk}</dd>
              <dt className="text-muted-foreground">Joined</dt>
              <dd>
                <RelativeTime value={user.date_joined} />
              </dd>
              <dt className="text-muted-foreground">Last login</dt>
              <dd>
                <RelativeTime value={user.last_login} />
              </dd>
              <dt className="text-muted-foreground">Password changed</dt>
              <dd>
                <RelativeTime value={user.password_change_date} />
              </dd>
            </dl>
          </CardContent>
        </Card>
        <Card>
          <CardHeader>
            <CardTitle className="flex items-center gap-2">
              <KeyRoundIcon className="size-4" /> Set password
            </CardTitle>
          </CardHeader>
          <CardContent>
            <form
              className="grid gap-3"
              onSubmit={(event) => {
                event.preventDefault();
                void setPasswordRun.run({ id: user.pk, password });
              }}
            >
              <Field
                id="set-password"
                label="New password"
                errors={setPasswordRun.fieldErrors.password}
                hint="At least 8 characters."
              >
                <Input
                  type="password"
                  value={password}
                  onChange={(event) => setPassword(event.target.value)}
                  autoComplete="new-password"
                />
              </Field>
              <Button type="submit" variant="secondary" disabled={setPasswordRun.pending || !password}>
                Set password
              </Button>
            </form>
          </CardContent>
        </Card>
        <DeleteCard
          title="Delete user"
          description={
            isSelf
              ? "You cannot delete your own account."
              : "Their notifications and tokens are deleted too. Their events stay in the log."
          }
          disabled={isSelf}
          confirmTitle={`Delete ${user.username}?`}
          confirmDescription="This cannot be undone. Consider deactivating the account instead."
          onConfirm={() => remove.run({ id: user.pk })}
        />
      </div>
    </div>
  );
}
