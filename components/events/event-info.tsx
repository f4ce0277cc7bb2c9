import { AlertTriangleIcon } from "lucide-react";
import type * as React from "react";
import type { TSerializedEvent } from "@/lib/events/serialize";
import { DiffTable } from "./diff-table";
import { JsonView } from "./json-view";
import { KeyValues } from "./key-values";

type TRecord = Record<string, unknown>;
const rec = (value: unknown): TRecord =>
  value && typeof value === "object" && !Array.isArray(value) ? (value as TRecord) : {};
const text = (value: unknown): string | null =>
  value === null || value === undefined || value === ""
    ? null
    : typeof value === "string"
      ? value
      : JSON.stringify(value);

function Section({ title, children }: { title: string; children: React.ReactNode }) {
  return (
    <section className="grid gap-2">
      <h3 className="text-sm font-semibold">{title}</h3>
      {children}
    </section>
  );
}

function ModelCard({ model }: { model: TRecord }) {
  return (
    <KeyValues
      rows={[
        ["Name", text(model.name)],
        ["Model", [text(model.app), text(model.model_name)].filter(Boolean).join(".")],
        [
          "ID",
          <code key="pk" className="font-mono text-xs">
            {text(model.pk)}
          </code>,
        ],
      ]}
    />
  );
}

function Traceback({ value }: { value: unknown }) {
  const body = typeof value === "string" ? value : value ? JSON.stringify(value, null, 2) : null;
  if (!body) return null;
  return (
    <pre className="max-h-96 overflow-auto rounded-md border border-destructive/30 bg-destructive/5 p-3 font-mono text-xs leading-relaxed">
      {body}
    </pre>
  );
}

/** authentik's email_sent view, safely: the HTML renders in a fully sandboxed iframe (no scripts, no same-origin). */
function EmailSent({ context }: { context: TRecord }) {
  const to = Array.isArray(context.to_email) ? context.to_email.join(", ") : text(context.to_email ?? context.to);
  const html = typeof context.body === "string" ? context.body : null;
  return (
    <div className="grid gap-4">
      <KeyValues
        rows={[
          ["Message", text(context.message)],
          ["Subject", text(context.subject)],
          ["From", text(context.from_email ?? context.from)],
          ["To", to],
        ]}
      />
      {html && (
        <iframe title="Email body" sandbox="" srcDoc={html} className="h-96 w-full rounded-md border bg-white" />
      )}
    </div>
  );
}

/** The "abstracted" part of an event: what matters for its action, before the raw JSON. */
export function EventInfo({ event }: { event: TSerializedEvent }) {
  const context = event.context;
  switch (event.action) {
    case "model_created":
    case "model_updated":
    case "model_deleted":
      return (
        <div className="grid gap-4">
          <Section title="Affected model">
            <ModelCard model={rec(context.model)} />
          </Section>
          {context.diff !== undefined && (
            <Section title="Changes made">
              <DiffTable diff={context.diff} />
            </Section>
          )}
          {context.model_state !== undefined && (
            <Section title="State before deletion">
              <JsonView value={context.model_state} />
            </Section>
          )}
        </div>
      );
    case "login":
      return (
        <KeyValues
          rows={[
            ["Method", text(context.method ?? context.auth_method)],
            ["Using source", text(rec(context.using_source).name ?? context.using_source)],
            ["Path", text(rec(context.http_request).path)],
            ["User agent", text(rec(context.http_request).user_agent)],
          ]}
        />
      );
    case "login_failed":
      return (
        <div className="grid gap-3">
          <p className="text-sm">
            Attempted to log in as <strong>{text(context.username) ?? "an unknown user"}</strong>
            {context.reason ? <span className="text-muted-foreground"> ({text(context.reason)})</span> : null}.
          </p>
          <KeyValues
            rows={[
              ["Stage", text(rec(context.stage).name ?? context.stage)],
              ["Path", text(rec(context.http_request).path)],
              ["User agent", text(rec(context.http_request).user_agent)],
            ]}
          />
        </div>
      );
    case "logout":
      return Object.keys(context).filter((key) => key !== "http_request").length === 0 ? (
        <p className="text-sm text-muted-foreground">No additional data available.</p>
      ) : (
        <JsonView value={context} />
      );
    case "authorize_application":
      return (
        <Section title="Authorized application">
          <ModelCard model={rec(context.authorized_application)} />
          {context.flow ? <KeyValues rows={[["Using flow", text(context.flow)]]} /> : null}
        </Section>
      );
    case "email_sent":
      return <EmailSent context={context} />;
    case "policy_exception":
    case "policy_execution":
      return (
        <div className="grid gap-4">
          <Section title="Binding">
            <ModelCard model={rec(context.binding)} />
          </Section>
          {event.action === "policy_execution" ? (
            <KeyValues
              rows={[
                ["Result", rec(context.result).passing ? "Passing" : "Not passing"],
                ["Messages", text(rec(context.result).messages)],
              ]}
            />
          ) : (
            <Section title="Exception">
              <Traceback value={context.message ?? context.exception} />
            </Section>
          )}
          <Section title="Request">
            <JsonView value={context.request ?? {}} />
          </Section>
        </div>
      );
    case "property_mapping_exception":
      return (
        <div className="grid gap-4">
          <Traceback value={context.message ?? context.error} />
          {typeof context.expression === "string" && (
            <Section title="Expression">
              <pre className="overflow-auto rounded-md border bg-muted/50 p-3 font-mono text-xs">
                {context.expression}
              </pre>
            </Section>
          )}
        </div>
      );
    case "system_exception":
    case "system_task_exception":
    case "configuration_error":
    case "configuration_warning":
      return (
        <div className="grid gap-3">
          <p className="flex items-start gap-2 text-sm">
            <AlertTriangleIcon className="mt-0.5 size-4 shrink-0 text-destructive" />{" "}
            {text(context.message) ?? "No message."}
          </p>
          <Traceback value={context.exception ?? context.traceback} />
        </div>
      );
    case "update_available":
      return <KeyValues rows={[["New version", text(context.new_version ?? context.message)]]} />;
    default:
      return (
        <div className="grid gap-4 lg:grid-cols-2">
          <Section title="Context">
            <JsonView value={context} />
          </Section>
          <Section title="User">
            <JsonView value={event.user} />
          </Section>
        </div>
      );
  }
}
