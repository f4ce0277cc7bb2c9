import { createHash } from "node:crypto";
import { and, asc, count, desc, eq, ilike, inArray, or, type SQL } from "drizzle-orm";
import type { Db, DbOrTx } from "@/db/client";
import { ruleTransports, rules, TRANSPORT_MODE_LABELS, transports, webhookMappings, type TModelRef, type TTransport } from "@/db/schema";
import { likePattern } from "@/lib/api/like";
import { offsetOf, paginate, type TPaginated } from "@/lib/api/pagination";
import { actorSnapshot, type TActor } from "@/lib/actor";
import { AppError, withUniqueField, type TFieldErrors } from "@/lib/errors";
import { recordAudit } from "@/lib/events/audit";
import type { TTransportCreate, TTransportListQuery, TTransportPatch } from "./validation";

/** Notification transports (/api/v3/events/transports/): CRUD audited in the same transaction. */
const NOT_FOUND = "No NotificationTransport matches the given query.";
const APP = "herald.events";
const DUPLICATE = "notification transport with this name already exists.";

export function transportModelRef(transport: Pick<TTransport, "uuid" | "name">): TModelRef {
  return { app: "herald_events", model_name: "notificationtransport", pk: transport.uuid.replaceAll("-", ""), name: transport.name };
}

export function serializeTransport(row: TTransport) {
  return {
    pk: row.uuid,
    name: row.name,
    mode: row.mode,
    mode_verbose: TRANSPORT_MODE_LABELS[row.mode],
    webhook_url: row.webhookUrl,
    webhook_mapping_body: row.webhookMappingBody,
    webhook_mapping_headers: row.webhookMappingHeaders,
    send_once: row.sendOnce,
    email_subject_prefix: row.emailSubjectPrefix,
    email_template: row.emailTemplate,
    webhook_ca: null,
    webhook_ca_pem: row.webhookCaPem,
    /** The secret itself is write-only. */
    signing_enabled: Boolean(row.signingSecret),
  };
}
export type TSerializedTransport = ReturnType<typeof serializeTransport>;

/**
 * Webhook URLs often carry credentials (Slack and Discord put the secret in the path), so the audit
 * log keeps the origin and a fingerprint: a change is visible, the secret is not.
 */
function auditUrl(url: string): string {
  if (!url) return "";
  try {
    const parsed = new URL(url);
    const fingerprint = createHash("sha256").update(url).digest("hex").slice(0, 12);
    return `${parsed.origin}/… (sha256 ${fingerprint})`;
  } catch {
    return "(invalid URL)";
  }
}

const snapshot = (row: TTransport) => ({
  name: row.name,
  mode: row.mode,
  send_once: row.sendOnce,
  webhook_url: auditUrl(row.webhookUrl),
  webhook_mapping_body: row.webhookMappingBody,
  webhook_mapping_headers: row.webhookMappingHeaders,
  email_subject_prefix: row.emailSubjectPrefix,
  email_template: row.emailTemplate,
  webhook_ca_pem: row.webhookCaPem ? createHash("sha256").update(row.webhookCaPem).digest("hex").slice(0, 12) : null,
  signing_secret: row.signingSecret,
});

export async function findTransport(db: DbOrTx, uuid: string): Promise<TTransport> {
  const [row] = await db.select().from(transports).where(eq(transports.uuid, uuid));
  if (!row) throw AppError.notFound(NOT_FOUND);
  return row;
}

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
    webhookMappingHeaders: input.webhook_mapping_headers !== undefined ? input.webhook_mapping_headers : base.webhookMappingHeaders,
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
    if (!parsed || (parsed.protocol !== "http:" && parsed.protocol !== "https:")) errors.webhook_url = ["Enter a valid URL."];
    else if (parsed.username || parsed.password) errors.webhook_url = ["Put credentials in a header mapping, not in the URL."];
  }
  const mappingIds = [values.webhookMappingBody, values.webhookMappingHeaders].filter((id): id is string => Boolean(id));
  if (mappingIds.length) {
    const found = new Set((await db.select({ uuid: webhookMappings.pmUuid }).from(webhookMappings).where(inArray(webhookMappings.pmUuid, mappingIds))).map((row) => row.uuid));
    for (const [field, id] of [["webhook_mapping_body", values.webhookMappingBody], ["webhook_mapping_headers", values.webhookMappingHeaders]] as const) {
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
      await recordAudit(tx, { kind: "created", app: APP, actor: actorSnapshot(actor), clientIp: actor.clientIp, model: transportModelRef(row), after: snapshot(row) });
      return row;
    }),
  );
}

/** PUT passes a full body (defaults applied), PATCH only the fields to change. */
export async function updateTransport(db: Db, actor: TActor, uuid: string, input: TTransportPatch): Promise<TTransport> {
  return withUniqueField("name", DUPLICATE, () =>
    db.transaction(async (tx) => {
      const before = await findTransport(tx, uuid);
      const values = toValues(before, input);
      await validate(tx, values);
      const [after] = await tx.update(transports).set({ ...values, lastUpdated: new Date() }).where(eq(transports.uuid, uuid)).returning();
      await recordAudit(tx, {
        kind: "updated", app: APP, actor: actorSnapshot(actor), clientIp: actor.clientIp,
        model: transportModelRef(after), before: snapshot(before), after: snapshot(after),
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
    await recordAudit(tx, { kind: "deleted", app: APP, actor: actorSnapshot(actor), clientIp: actor.clientIp, model: transportModelRef(row), before: snapshot(row) });
  });
}

const ORDERING: Record<string, SQL> = {
  name: asc(transports.name),
  "-name": desc(transports.name),
  mode: asc(transports.mode),
  "-mode": desc(transports.mode),
};

export async function listTransports(db: DbOrTx, query: TTransportListQuery): Promise<TPaginated<TSerializedTransport>> {
  const where = and(
    query.name !== undefined ? eq(transports.name, query.name) : undefined,
    query.mode !== undefined ? eq(transports.mode, query.mode) : undefined,
    query.webhook_url !== undefined ? eq(transports.webhookUrl, query.webhook_url) : undefined,
    query.send_once !== undefined ? eq(transports.sendOnce, query.send_once) : undefined,
    query.search
      ? or(ilike(transports.name, likePattern(query.search)), ilike(transports.mode, likePattern(query.search)), ilike(transports.webhookUrl, likePattern(query.search)))
      : undefined,
  );
  const [{ total }] = await db.select({ total: count() }).from(transports).where(where);
  const rows = await db
    .select()
    .from(transports)
    .where(where)
    .orderBy(ORDERING[query.ordering ?? "name"] ?? asc(transports.name), asc(transports.uuid))
    .limit(query.page_size)
    .offset(offsetOf(query));
  return paginate(query, Number(total), rows.map(serializeTransport));
}

/** authentik's used_by: the rules that send through this transport (their link is removed on delete). */
export async function transportUsedBy(db: DbOrTx, uuid: string) {
  await findTransport(db, uuid);
  const rows = await db
    .select({ uuid: rules.pbmUuid, name: rules.name })
    .from(ruleTransports)
    .innerJoin(rules, eq(rules.pbmUuid, ruleTransports.rule))
    .where(eq(ruleTransports.transport, uuid))
    .orderBy(asc(rules.name));
  return rows.map((row) => ({ app: "herald_events", model_name: "notificationrule", pk: row.uuid, name: row.name, action: "set_null" as const }));
}
