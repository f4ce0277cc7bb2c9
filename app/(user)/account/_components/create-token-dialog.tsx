"use client";

import { KeyRoundIcon, PlusIcon, TriangleAlertIcon } from "lucide-react";
import * as React from "react";
import { Field, FormErrors } from "@/components/forms/field";
import { MultiSelect, type TPickOption } from "@/components/forms/multi-select";
import { useAction } from "@/components/forms/use-action";
import { Button } from "@/components/ui/button";
import { CopyButton } from "@/components/ui/copy-button";
import {
  Dialog,
  DialogContent,
  DialogDescription,
  DialogFooter,
  DialogHeader,
  DialogTitle,
} from "@/components/ui/dialog";
import { Input } from "@/components/ui/input";
import { Switch } from "@/components/ui/switch";
import type { TTokenScope } from "@/db/schema";
import { TOKEN_SCOPE_LABELS } from "@/lib/tokens/scope-labels";
import { createTokenAction } from "../token-actions";

const SCOPE_OPTIONS: TPickOption[] = Object.entries(TOKEN_SCOPE_LABELS).map(([value, { label, description }]) => ({
  value,
  label,
  description,
}));

const inDays = (days: number) => {
  const date = new Date(Date.now() + days * 24 * 3600 * 1000);
  date.setSeconds(0, 0);
  return new Date(date.getTime() - date.getTimezoneOffset() * 60_000).toISOString().slice(0, 16);
};

/**
 * Creates an API token and shows its key exactly once. `owners` (admins only) picks whose token it
 * is; `defaultScopes` is the narrowest scope for the page's purpose (the bell for a personal token,
 * ingest for an integration).
 */
export function CreateTokenButton({
  owners,
  defaultScopes = ["notifications"],
}: {
  owners?: TPickOption[];
  defaultScopes?: TTokenScope[];
}) {
  const [scopes, setScopes] = React.useState<string[]>(defaultScopes);
  const [open, setOpen] = React.useState(false);
  const [key, setKey] = React.useState<string | null>(null);
  const [identifier, setIdentifier] = React.useState("");
  const [description, setDescription] = React.useState("");
  const [owner, setOwner] = React.useState<string[]>([]);
  const [expiring, setExpiring] = React.useState(true);
  const [expires, setExpires] = React.useState(() => inDays(90));
  const create = useAction(createTokenAction, {
    success: (token) => `Token ${token.identifier} created.`,
    onSuccess: (token) => setKey(token.key),
  });
  const close = () => {
    setOpen(false);
    setKey(null);
    setIdentifier("");
    setDescription("");
    setOwner([]);
    setScopes(defaultScopes);
  };
  return (
    <Dialog open={open} onOpenChange={(next) => (next ? setOpen(true) : close())}>
      <Button onClick={() => setOpen(true)}>
        <PlusIcon /> Create token
      </Button>
      <DialogContent className="max-w-lg">
        {key ? (
          <>
            <DialogHeader>
              <DialogTitle className="flex items-center gap-2">
                <KeyRoundIcon className="size-5" /> Your new token
              </DialogTitle>
              <DialogDescription>
                Send it as <code className="font-mono">Authorization: Bearer &lt;token&gt;</code>.
              </DialogDescription>
            </DialogHeader>
            <p className="flex items-start gap-2 rounded-md border border-warning/50 bg-warning/10 px-3 py-2 text-sm">
              <TriangleAlertIcon className="mt-0.5 size-4 shrink-0" /> Copy it now. Herald stores only a hash, so this
              key is never shown again.
            </p>
            <div className="flex items-center gap-2">
              <Input
                readOnly
                value={key}
                aria-label="Token key"
                className="font-mono text-xs"
                data-testid="token-key"
                onFocus={(event) => event.target.select()}
              />
              <CopyButton value={key} />
            </div>
            <DialogFooter>
              <Button onClick={close}>Done</Button>
            </DialogFooter>
          </>
        ) : (
          <>
            <DialogHeader>
              <DialogTitle>Create API token</DialogTitle>
              <DialogDescription>Tokens let scripts and integrations call the API as their owner.</DialogDescription>
            </DialogHeader>
            <form
              className="grid gap-4"
              onSubmit={(event) => {
                event.preventDefault();
                void create.run({
                  identifier,
                  description,
                  intent: "api",
                  expiring,
                  expires: expiring ? new Date(expires).toISOString() : null,
                  scopes,
                  ...(owner[0] ? { user: Number(owner[0]) } : {}),
                });
              }}
            >
              <Field
                id="token-identifier"
                label="Identifier"
                errors={create.fieldErrors.identifier}
                hint="A unique name, e.g. ci-pipeline. Letters, digits, - and _."
              >
                <Input
                  value={identifier}
                  onChange={(event) => setIdentifier(event.target.value)}
                  required
                  autoComplete="off"
                />
              </Field>
              {owners && (
                <Field id="token-owner" label="Owner" errors={create.fieldErrors.user} hint="Defaults to you.">
                  <MultiSelect single options={owners} value={owner} onChange={setOwner} placeholder="Me" />
                </Field>
              )}
              <Field
                id="token-scopes"
                label="Scopes"
                errors={create.fieldErrors.scopes}
                hint="What the token may do; it never exceeds its owner's rights."
              >
                <MultiSelect options={SCOPE_OPTIONS} value={scopes} onChange={setScopes} placeholder="Pick a scope" />
              </Field>
              <Field id="token-description" label="Description" errors={create.fieldErrors.description}>
                <Input value={description} onChange={(event) => setDescription(event.target.value)} />
              </Field>
              <Field id="token-expiring" label="Expires" inline errors={create.fieldErrors.expiring}>
                <Switch checked={expiring} onCheckedChange={setExpiring} />
              </Field>
              {expiring && (
                <Field id="token-expires" label="Expiry" errors={create.fieldErrors.expires}>
                  <Input
                    type="datetime-local"
                    value={expires}
                    onChange={(event) => setExpires(event.target.value)}
                    required
                  />
                </Field>
              )}
              <FormErrors errors={create.fieldErrors.non_field_errors} />
              <DialogFooter>
                <Button variant="outline" onClick={close}>
                  Cancel
                </Button>
                <Button type="submit" disabled={create.pending}>
                  {create.pending ? "Creating…" : "Create token"}
                </Button>
              </DialogFooter>
            </form>
          </>
        )}
      </DialogContent>
    </Dialog>
  );
}
