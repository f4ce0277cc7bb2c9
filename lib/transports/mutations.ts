import { eq, inArray } from "drizzle-orm";
import type { Db, DbOrTx } from "@/db/client";
import { type TTransport, transports, webhookMappings } from "@/db/schema";
import { actorSnapshot, type TActor } from "@/lib/actor";
import { AppError, type TFieldErrors, withUniqueField } from "@/lib/errors";
import { recordAudit } from "@/lib/events/audit";
import { findTransport } from "./queries";
import { transportAuditSnapshot, transportModelRef } from "./serialize";
import type { TTransportCreate, TTransportPatch } from "./validation";

/** Notification transports (/api/v3/events/transports/): CRUD audited in the same transaction. */
const APP = "herald.events";
const DUPLICATE = "notification transport with this name already exists.";

type TTransportValues = {
  name: string;
  mode: TTransport["mode"];
  sendOnce: boolean;
  webhookUrl: string;
  webhookMappingBody: string | null;
  webhookMappingHeaders: string | null;
  emailSubjectPrefix: string;
  emailTemplate: string;
  webhookCaPem: string | null;
  signingSecret: string | null;
};

function toValues(base: TTransportValues, input: TTransportPatch): TTransportValues {
  return {
    name: input.name ?? base.name,
    mode: input.mode ?? base.mode,
    sendOnce: input.send_once ?? base.sendOnce,
    webhookUrl: input.webhook_url ?? base.webhookUrl,
    webhookMappingBody: input.webhook_mapping_body !== undefined ? input.webhook_mapping_body : base.webhookMappingBody,
    webhookMappingHeaders:
      input.webhook_mapping_headers !== undefined ? input.webhook_mapping_headers : base.webhookMappingHeaders,
    emailSubjectPrefix: input.email_subject_prefix ?? base.emailSubjectPrefix,
    emailTemplate: input.email_template ?? base.emailTemplate,
    webhookCaPem: input.webhook_ca_pem !== undefined ? input.webhook_ca_pem?.trim() || null : base.webhookCaPem,
    signingSecret: input.signing_secret !== undefined ? input.signing_secret : base.signingSecret,
  };
}

/** Cross-field rules (authentik's messages) and references that must exist. */
async function validate(db: DbOrTx, values: TTransportValues): Promise<void> {
  const errors: TFieldErrors = {};
  const isWebhook = values.mode === "webhook" || values.mode === "webhook_slack";
  if (isWebhook && !values.webhookUrl) errors.webhook_url = ["Webhook URL may not be empty."];
  if (values.webhookUrl) {
    let parsed: URL | null = null;
    try {
      parsed = new URL(values.webhookUrl);
    } catch {
      parsed = null;
    }
    if (!parsed || (parsed.protocol !== "http:" && parsed.protocol !== "https:"))
      errors.webhook_url = ["Enter a valid URL."];
    else if (parsed.username || parsed.password)
      errors.webhook_url = ["Put credentials in a header mapping, not in the URL."];
  }
  const mappingIds = [values.webhookMappingBody, values.webhookMappingHeaders].filter((id): id is string =>
    Boolean(id),
  );
  if (mappingIds.length) {
    const found = new Set(
      (
        await db
          .select({ uuid: webhookMappings.pmUuid })
          .from(webhookMappings)
          .where(inArray(webhookMappings.pmUuid, mappingIds))
      ).map((row) => row.uuid),
    );
    for (const [field, id] of [
      ["webhook_mapping_body", values.webhookMappingBody],
      ["webhook_mapping_headers", values.webhookMappingHeaders],
    ] as const) {
      if (id && !found.has(id)) errors[field] = [`Invalid pk "${id}" - object does not exist.`];
    }
  }
  if (Object.keys(errors).length) throw AppError.validation(errors);
}

const BLANK: TTransportValues = {
  name: "",
  mode: "local",
  sendOnce: false,
  webhookUrl: "",
  webhookMappingBody: null,
  webhookMappingHeaders: null,
  emailSubjectPrefix: "Herald Notification: ",
  emailTemplate: "default",
  webhookCaPem: null,
  signingSecret: null,
};

export async function createTransport(db: Db, actor: TActor, input: TTransportCreate): Promise<TTransport> {
  const values = toValues(BLANK, input);
  await validate(db, values);
  return withUniqueField("name", DUPLICATE, () =>
    db.transaction(async (tx) => {
      const [row] = await tx.insert(transports).values(values).returning();
      await recordAudit(tx, {
        kind: "created",
        app: APP,
        actor: actorSnapshot(actor),
        clientIp: actor.clientIp,
        model: transportModelRef(row),
        after: transportAuditSnapshot(row),
      });
      return row;
    }),
  );
}

/** PUT passes a full body (defaults applied), PATCH only the fields to change. */
export async function updateTransport(
  db: Db,
  actor: TActor,
  uuid: string,
  input: TTransportPatch,
): Promise<TTransport> {
  return withUniqueField("name", DUPLICATE, () =>
    db.transaction(async (tx) => {
      const before = await findTransport(tx, uuid);
      const values = toValues(before, input);
      await validate(tx, values);
      const [after] = await tx
        .update(transports)
        .set({ ...values, lastUpdated: new Date() })
        .where(eq(transports.uuid, uuid))
        .returning();
      await recordAudit(tx, {
        kind: "updated",
        app: APP,
        actor: actorSnapshot(actor),
        clientIp: actor.clientIp,
        model: transportModelRef(after),
        before: transportAuditSnapshot(before),
        after: transportAuditSnapshot(after),
      });
      return after;
    }),
  );
}

/** Rules lose the transport (the link is removed); pending deliveries through it fail as "transport deleted". */
export async function deleteTransport(db: Db, actor: TActor, uuid: string): Promise<void> {
  await db.transaction(async (tx) => {
    const row = await findTransport(tx, uuid);
    await tx.delete(transports).where(eq(transports.uuid, uuid));
    await recordAudit(tx, {
      kind: "deleted",
      app: APP,
      actor: actorSnapshot(actor),
      clientIp: actor.clientIp,
      model: transportModelRef(row),
      before: transportAuditSnapshot(row),
    });
  });
}
