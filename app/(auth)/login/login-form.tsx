"use client";

import { AlertCircleIcon, InfoIcon, LogInIcon } from "lucide-react";
import { useActionState } from "react";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { signInAction, type TLoginState } from "../actions";

/** `error` is a refusal the page was sent back with (an IdP sign-in); the form's own errors replace it. */
export function LoginForm({ next, notice, error }: { next?: string; notice?: string; error?: string }) {
  const [state, action, pending] = useActionState<TLoginState, FormData>(signInAction, { error });
  return (
    <form action={action} className="grid gap-4">
      {state.error ? (
        <p
          role="alert"
          className="flex items-start gap-2 rounded-md border border-destructive/40 bg-destructive/10 px-3 py-2 text-sm text-destructive"
        >
          <AlertCircleIcon className="mt-0.5 size-4 shrink-0" /> {state.error}
        </p>
      ) : (
        notice && (
          <p
            role="status"
            className="flex items-start gap-2 rounded-md border bg-muted px-3 py-2 text-sm text-muted-foreground"
          >
            <InfoIcon className="mt-0.5 size-4 shrink-0" /> {notice}
          </p>
        )
      )}
      <input type="hidden" name="next" value={next ?? ""} />
      <div className="grid gap-1.5">
        <Label htmlFor="username">Username</Label>
        <Input id="username" name="username" autoComplete="username" required autoFocus defaultValue={state.username} />
      </div>
      <div className="grid gap-1.5">
        <Label htmlFor="password">Password</Label>
        <Input id="password" name="password" type="password" autoComplete="current-password" required />
      </div>
      <Button type="submit" disabled={pending} className="mt-1 w-full">
        <LogInIcon /> {pending ? "Signing in…" : "Sign in"}
      </Button>
    </form>
  );
}
