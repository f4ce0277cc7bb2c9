import { eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { type TWebhookMapping, webhookMappings } from "@/db/schema";
import { actorSnapshot, type TActor } from "@/lib/actor";
import { AppError, withUniqueField } from "@/lib/errors";
import { recordAudit } from "@/lib/events/audit";
import { checkExpressionSyntax } from "@/lib/sandbox/run-expression";
import { findMapping } from "./queries";
import { MAPPING_GLOBALS } from "./run-mapping";
import { mappingAuditSnapshot, mappingModelRef } from "./serialize";
import type { TMappingPatch } from "./validation";

/** Webhook mappings (/api/v3/propertymappings/notification/): CRUD, audited in the same transaction. */
const DUPLICATE = "notification webhook mapping with this name already exists.";
const APP = "herald.events";

async function assertCompiles(expression: string | undefined): Promise<void> {
  if (expression === undefined) return;
  const error = await checkExpressionSyntax(expression, [...MAPPING_GLOBALS]);
  if (error) throw AppError.field("expression", error);
}

export async function createMapping(
  db: Db,
  actor: TActor,
  input: { name: string; expression: string },
): Promise<TWebhookMapping> {
  await assertCompiles(input.expression);
  return withUniqueField("name", DUPLICATE, () =>
    db.transaction(async (tx) => {
      const [row] = await tx.insert(webhookMappings).values(input).returning();
      await recordAudit(tx, {
        kind: "created",
        app: APP,
        actor: actorSnapshot(actor),
        clientIp: actor.clientIp,
        model: mappingModelRef(row),
        after: mappingAuditSnapshot(row),
      });
      return row;
    }),
  );
}

export async function updateMapping(
  db: Db,
  actor: TActor,
  uuid: string,
  patch: TMappingPatch,
): Promise<TWebhookMapping> {
  await assertCompiles(patch.expression);
  return withUniqueField("name", DUPLICATE, () =>
    db.transaction(async (tx) => {
      const before = await findMapping(tx, uuid);
      const [after] = await tx
        .update(webhookMappings)
        .set({ ...patch, lastUpdated: new Date() })
        .where(eq(webhookMappings.pmUuid, uuid))
        .returning();
      await recordAudit(tx, {
        kind: "updated",
        app: APP,
        actor: actorSnapshot(actor),
        clientIp: actor.clientIp,
        model: mappingModelRef(after),
        before: mappingAuditSnapshot(before),
        after: mappingAuditSnapshot(after),
      });
      return after;
    }),
  );
}

/** Transports that used the mapping keep working without it (ON DELETE SET NULL). */
export async function deleteMapping(db: Db, actor: TActor, uuid: string): Promise<void> {
  await db.transaction(async (tx) => {
    const row = await findMapping(tx, uuid);
    await tx.delete(webhookMappings).where(eq(webhookMappings.pmUuid, uuid));
    await recordAudit(tx, {
      kind: "deleted",
      app: APP,
      actor: actorSnapshot(actor),
      clientIp: actor.clientIp,
      model: mappingModelRef(row),
      before: mappingAuditSnapshot(row),
    });
  });
}
