"use client";

import { PlusIcon } from "lucide-react";
import * as React from "react";
import { Field, FormErrors } from "@/components/forms/field";
import { FormDialog, useDialogForm } from "@/components/forms/form-dialog";
import { useAction } from "@/components/forms/use-action";
import { Button } from "@/components/ui/button";
import { Input, Textarea } from "@/components/ui/input";
import { Select, type TSelectOption } from "@/components/ui/select";
import { Switch } from "@/components/ui/switch";
import type { TSerializedTransport } from "@/lib/transports/serialize";
import { saveTransportAction } from "../actions";
import { TRANSPORT_MODE_LABELS } from "./mode-labels";

type TForm = {
  name: string;
  mode: string;
  send_once: boolean;
  webhook_url: string;
  webhook_mapping_body: string;
  webhook_mapping_headers: string;
  email_subject_prefix: string;
  email_template: string;
  webhook_ca_pem: string;
  signing_secret: string;
};

const EMPTY: TForm = {
  name: "",
  mode: "local",
  send_once: false,
  webhook_url: "",
  webhook_mapping_body: "",
  webhook_mapping_headers: "",
  email_subject_prefix: "Herald Notification: ",
  email_template: "default",
  webhook_ca_pem: "",
  signing_secret: "",
};

function fromTransport(transport: TSerializedTransport): TForm {
  return {
    name: transport.name,
    mode: transport.mode,
    send_once: transport.send_once,
    webhook_url: transport.webhook_url,
    webhook_mapping_body: transport.webhook_mapping_body ?? "",
    webhook_mapping_headers: transport.webhook_mapping_headers ?? "",
    email_subject_prefix: transport.email_subject_prefix,
    email_template: transport.email_template,
    webhook_ca_pem: transport.webhook_ca_pem ?? "",
    signing_secret: "",
  };
}

/** whsec_ + 32 random bytes, made in the browser so the secret is shown before it is saved. */
function newSigningSecret(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(32));
  return `whsec_${btoa(String.fromCharCode(...bytes))}`;
}

export function TransportDialog({
  open,
  onOpenChange,
  transport,
  mappings,
}: {
  open: boolean;
  onOpenChange: (open: boolean) => void;
  transport?: TSerializedTransport;
  mappings: TSelectOption[];
}) {
  const { values, set } = useDialogForm<TForm & { remove_secret: boolean }>(open, () => ({
    ...(transport ? fromTransport(transport) : EMPTY),
    remove_secret: false,
  }));
  const removeSecret = values.remove_secret;
  const save = useAction(saveTransportAction, {
    success: (saved) => `Transport ${saved.name} ${transport ? "saved" : "created"}.`,
    onSuccess: () => onOpenChange(false),
  });
  const isWebhook = values.mode === "webhook" || values.mode === "webhook_slack";
  const errors = save.fieldErrors;
  const keepSecret = Boolean(transport?.signing_enabled) && !values.signing_secret && !removeSecret;
  return (
    <FormDialog
      open={open}
      onOpenChange={onOpenChange}
      title={transport ? `Edit transport ${transport.name}` : "Create transport"}
      description="Rules send their notifications through transports."
      pending={save.pending}
      submitLabel={transport ? "Save transport" : "Create transport"}
      onSubmit={() =>
        void save.run({
          uuid: transport?.pk,
          name: values.name,
          mode: values.mode,
          send_once: values.send_once,
          webhook_url: values.webhook_url,
          webhook_mapping_body: values.webhook_mapping_body || null,
          webhook_mapping_headers: values.webhook_mapping_headers || null,
          email_subject_prefix: values.email_subject_prefix,
          email_template: values.email_template,
          webhook_ca_pem: values.webhook_ca_pem || null,
          signing_secret: removeSecret ? null : values.signing_secret || null,
          keep_secret: keepSecret,
        })
      }
    >
      <Field id="transport-name" label="Name" errors={errors.name}>
        <Input value={values.name} onChange={(event) => set({ name: event.target.value })} required />
      </Field>
      <Field id="transport-mode" label="Mode" errors={errors.mode}>
        <Select value={values.mode} onValueChange={(mode) => set({ mode })} options={TRANSPORT_MODE_LABELS} />
      </Field>
      {isWebhook && (
        <>
          <Field
            id="transport-url"
            label="Webhook URL"
            errors={errors.webhook_url}
            hint="Private, loopback and link-local targets are refused unless allowed by HERALD_WEBHOOK_ALLOW_NETWORKS."
          >
            <Input
              value={values.webhook_url}
              onChange={(event) => set({ webhook_url: event.target.value })}
              placeholder="https://hooks.example.com/…"
            />
          </Field>
          {values.mode === "webhook" && (
            <div className="grid gap-4 sm:grid-cols-2">
              <Field
                id="transport-body-mapping"
                label="Body mapping"
                errors={errors.webhook_mapping_body}
                hint="Replaces the JSON body."
              >
                <Select
                  value={values.webhook_mapping_body}
                  onValueChange={(value) => set({ webhook_mapping_body: value })}
                  options={mappings}
                  emptyLabel="Default body"
                />
              </Field>
              <Field
                id="transport-header-mapping"
                label="Header mapping"
                errors={errors.webhook_mapping_headers}
                hint="Returns extra HTTP headers."
              >
                <Select
                  value={values.webhook_mapping_headers}
                  onValueChange={(value) => set({ webhook_mapping_headers: value })}
                  options={mappings}
                  emptyLabel="No extra headers"
                />
              </Field>
            </div>
          )}
          <Field
            id="transport-ca"
            label="CA certificate (PEM)"
            errors={errors.webhook_ca_pem}
            hint="Trust only these CAs for the webhook's TLS certificate (private PKI)."
          >
            <Textarea
              rows={3}
              className="font-mono text-xs"
              value={values.webhook_ca_pem}
              onChange={(event) => set({ webhook_ca_pem: event.target.value })}
              placeholder="-----BEGIN CERTIFICATE-----"
            />
          </Field>
          <Field
            id="transport-secret"
            label="Signing secret (Standard Webhooks)"
            errors={errors.signing_secret}
            hint={
              transport?.signing_enabled && !values.signing_secret
                ? removeSecret
                  ? "The stored secret will be removed."
                  : "A secret is stored; leave empty to keep it."
                : "Adds webhook-id, webhook-timestamp and webhook-signature headers. " +
                  "Copy the secret now: it is not shown again."
            }
          >
            <div className="flex gap-2">
              <Input
                value={values.signing_secret}
                onChange={(event) => set({ signing_secret: event.target.value })}
                placeholder="whsec_…"
                className="font-mono text-xs"
              />
              <Button type="button" variant="outline" onClick={() => set({ signing_secret: newSigningSecret() })}>
                Generate
              </Button>
              {transport?.signing_enabled && (
                <Button type="button" variant="outline" onClick={() => set({ remove_secret: !removeSecret })}>
                  {removeSecret ? "Keep" : "Remove"}
                </Button>
              )}
            </div>
          </Field>
        </>
      )}
      {values.mode === "local" && (
        <Field
          id="transport-local-mapping"
          label="Body mapping"
          errors={errors.webhook_mapping_body}
          hint="May rewrite the notification (body, hyperlink) before it is shown."
        >
          <Select
            value={values.webhook_mapping_body}
            onValueChange={(value) => set({ webhook_mapping_body: value })}
            options={mappings}
            emptyLabel="None"
          />
        </Field>
      )}
      {values.mode === "email" && (
        <div className="grid gap-4 sm:grid-cols-2">
          <Field id="transport-prefix" label="Email subject prefix" errors={errors.email_subject_prefix}>
            <Input
              value={values.email_subject_prefix}
              onChange={(event) => set({ email_subject_prefix: event.target.value })}
            />
          </Field>
          <Field
            id="transport-template"
            label="Email template"
            errors={errors.email_template}
            hint="Herald ships one template: default."
          >
            <Input value={values.email_template} onChange={(event) => set({ email_template: event.target.value })} />
          </Field>
        </div>
      )}
      <Field
        id="transport-send-once"
        label="Send once (only the first recipient, e.g. a chat channel)"
        inline
        errors={errors.send_once}
      >
        <Switch checked={values.send_once} onCheckedChange={(checked) => set({ send_once: checked })} />
      </Field>
      <FormErrors errors={errors.non_field_errors} />
    </FormDialog>
  );
}

export function TransportDialogButton({ mappings }: { mappings: TSelectOption[] }) {
  const [open, setOpen] = React.useState(false);
  return (
    <>
      <Button onClick={() => setOpen(true)}>
        <PlusIcon /> Create transport
      </Button>
      <TransportDialog open={open} onOpenChange={setOpen} mappings={mappings} />
    </>
  );
}
