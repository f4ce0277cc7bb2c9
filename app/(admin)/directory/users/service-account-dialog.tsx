"use client";

import { BotIcon, TriangleAlertIcon } from "lucide-react";
import { useRouter } from "next/navigation";
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
import { TOKEN_SCOPE_LABELS } from "@/lib/tokens/scope-labels";
import { createServiceAccountAction } from "./actions";

const SCOPE_OPTIONS: TPickOption[] = Object.entries(TOKEN_SCOPE_LABELS).map(([value, { label, description }]) => ({
  value,
  label,
  description,
}));

/** A service account for an integration: no password, one token (ingest only unless widened), key shown once. */
export function CreateServiceAccountButton() {
  const router = useRouter();
  const [open, setOpen] = React.useState(false);
  const [name, setName] = React.useState("");
  const [scopes, setScopes] = React.useState<string[]>(["events:write"]);
  const [createGroup, setCreateGroup] = React.useState(false);
  const [expiring, setExpiring] = React.useState(true);
  const [created, setCreated] = React.useState<{ id: number; key: string } | null>(null);
  const create = useAction(createServiceAccountAction, {
    success: (account) => `Service account ${account.username} created.`,
    onSuccess: (account) => setCreated({ id: account.id, key: account.key }),
  });
  const close = () => {
    setOpen(false);
    if (created) router.push(`/directory/users/${created.id}`);
    setCreated(null);
    setName("");
    setScopes(["events:write"]);
  };
  return (
    <Dialog open={open} onOpenChange={(next) => (next ? setOpen(true) : close())}>
      <Button variant="outline" onClick={() => setOpen(true)}>
        <BotIcon /> Create service account
      </Button>
      <DialogContent className="max-w-lg">
        <DialogHeader>
          <DialogTitle>{created ? "Service account token" : "Create service account"}</DialogTitle>
          <DialogDescription>
            A service account cannot sign in; integrations use its token, e.g. to send events without an administrator
            behind them.
          </DialogDescription>
        </DialogHeader>
        {created ? (
          <>
            <p className="flex items-start gap-2 rounded-md border border-warning/50 bg-warning/10 px-3 py-2 text-sm">
              <TriangleAlertIcon className="mt-0.5 size-4 shrink-0" /> Copy it now; it is never shown again.
            </p>
            <div className="flex items-center gap-2">
              <Input
                readOnly
                value={created.key}
                aria-label="Token key"
                className="font-mono text-xs"
                data-testid="service-account-key"
              />
              <CopyButton value={created.key} />
            </div>
            <DialogFooter>
              <Button onClick={close}>Done</Button>
            </DialogFooter>
          </>
        ) : (
          <form
            className="grid gap-4"
            onSubmit={(event) => {
              event.preventDefault();
              void create.run({ name, scopes, create_group: createGroup, expiring });
            }}
          >
            <Field id="service-account-name" label="Name" errors={create.fieldErrors.name} hint="Also its username.">
              <Input value={name} onChange={(event) => setName(event.target.value)} required autoComplete="off" />
            </Field>
            <Field id="service-account-scopes" label="Token scopes" errors={create.fieldErrors.scopes}>
              <MultiSelect options={SCOPE_OPTIONS} value={scopes} onChange={setScopes} placeholder="Pick a scope" />
            </Field>
            <div className="flex flex-wrap gap-6">
              <Field id="service-account-group" label="Create a group of the same name" inline>
                <Switch checked={createGroup} onCheckedChange={setCreateGroup} />
              </Field>
              <Field id="service-account-expiring" label="Token expires (in a year)" inline>
                <Switch checked={expiring} onCheckedChange={setExpiring} />
              </Field>
            </div>
            <FormErrors errors={create.fieldErrors.non_field_errors ?? create.fieldErrors.create_group} />
            <DialogFooter>
              <Button variant="outline" type="button" onClick={close}>
                Cancel
              </Button>
              <Button type="submit" disabled={create.pending}>
                {create.pending ? "Creating…" : "Create service account"}
              </Button>
            </DialogFooter>
          </form>
        )}
      </DialogContent>
    </Dialog>
  );
}
