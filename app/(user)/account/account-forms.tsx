"use client";

import * as React from "react";
import { Field } from "@/components/forms/field";
import { useAction } from "@/components/forms/use-action";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { changeOwnPasswordAction, updateOwnProfileAction } from "./actions";

export function ProfileForm({ name: initialName, email: initialEmail }: { name: string; email: string }) {
  const [name, setName] = React.useState(initialName);
  const [email, setEmail] = React.useState(initialEmail);
  const save = useAction(updateOwnProfileAction, { success: "Profile saved." });
  return (
    <form
      className="grid gap-4"
      onSubmit={(event) => {
        event.preventDefault();
        void save.run({ name, email });
      }}
    >
      <Field id="own-name" label="Name" errors={save.fieldErrors.name}>
        <Input value={name} onChange={(event) => setName(event.target.value)} />
      </Field>
      <Field id="own-email" label="Email" errors={save.fieldErrors.email}>
        <Input type="email" value={email} onChange={(event) => setEmail(event.target.value)} />
      </Field>
      <Button type="submit" className="justify-self-end" disabled={save.pending}>
        Save profile
      </Button>
    </form>
  );
}

export function PasswordForm() {
  const [current, setCurrent] = React.useState("");
  const [next, setNext] = React.useState("");
  const change = useAction(changeOwnPasswordAction, {
    success: "Password changed. Sign in with the new password.",
    // A new password ends every session, this one included.
    onSuccess: () => {
      setCurrent("");
      setNext("");
      window.location.assign("/login?signed_out=1");
    },
  });
  return (
    <form
      className="grid gap-4"
      onSubmit={(event) => {
        event.preventDefault();
        void change.run({ current_password: current, password: next });
      }}
    >
      <Field id="current-password" label="Current password" errors={change.fieldErrors.current_password}>
        <Input
          type="password"
          value={current}
          onChange={(event) => setCurrent(event.target.value)}
          autoComplete="current-password"
        />
      </Field>
      <Field id="new-password" label="New password" errors={change.fieldErrors.password} hint="At least 8 characters.">
        <Input
          type="password"
          value={next}
          onChange={(event) => setNext(event.target.value)}
          autoComplete="new-password"
        />
      </Field>
      <Button type="submit" className="justify-self-end" disabled={change.pending || !current || !next}>
        Change password
      </Button>
    </form>
  );
}
