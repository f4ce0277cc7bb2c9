"use client";

import * as React from "react";
import { Field } from "@/components/forms/field";
import { FormDialog } from "@/components/forms/form-dialog";
import { useAction } from "@/components/forms/use-action";
import { Select } from "@/components/ui/select";
import { StatusBadge } from "@/components/ui/status-badge";
import type { TSerializedPolicy } from "@/lib/policies/serialize";
import type { TPolicyTestResult } from "@/lib/policies/try-policy";
import { testPolicyAction } from "../actions";
import type { TPolicyPageContext } from "./policy-page-context";

export function PolicyTestDialog({
  open,
  onOpenChange,
  policy,
  context,
}: {
  open: boolean;
  onOpenChange: (open: boolean) => void;
  policy: TSerializedPolicy;
  context: TPolicyPageContext;
}) {
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
            Result:{" "}
            <StatusBadge tone={result.passing ? "success" : "destructive"}>
              {result.passing ? "Passing" : "Not passing"}
            </StatusBadge>
          </div>
          {result.messages.length > 0 && (
            <ul className="ml-5 list-disc">
              {result.messages.map((message, index) => (
                <li key={index}>{message}</li>
              ))}
            </ul>
          )}
          {result.log_messages.length > 0 && (
            <pre className="max-h-40 overflow-auto rounded bg-muted p-2 text-xs">
              {result.log_messages.map((entry) => `${entry.log_level}: ${entry.event}`).join("\n")}
            </pre>
          )}
        </div>
      )}
    </FormDialog>
  );
}
