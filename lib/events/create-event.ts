import type { DbOrTx } from "@/db/client";
import { events, type TEvent, type TEventUser, type TModelRef } from "@/db/schema";
import { logger } from "@/lib/logger";
import { readSetting } from "@/lib/settings/settings";
import { expiryFor } from "@/lib/settings/retention";
import { normalizeAction } from "./actions";
import { cleanse } from "./cleanse";
import { enrichContext } from "./enrich";
import { runEventInsertHooks } from "./insert-hooks";
import { sanitize } from "./sanitize";

export type TCreateEventInput = {
  action: string;
  app: string;
  context?: Record<string, unknown>;
  user?: TEventUser;
  clientIp?: string | null;
  brand?: Partial<TModelRef>;
  /** Client-supplied primary key (idempotent creates, imports). */
  eventUuid?: string;
  /** Only for imports of existing events; defaults to now. */
  created?: Date;
  expires?: Date;
};

/** Snapshot of a Herald user as authentik stores it on events. */
export function userSnapshot(user: { id: number; username: string; email: string }): TEventUser {
  return { pk: user.id, username: user.username, email: user.email };
}

/**
 * The one way to create an event: sanitise to JSON, mask secrets, enrich (GeoIP/ASN), set the
 * retention deadline and insert — inside the caller's transaction when given one, so audit rows
 * commit or roll back with the change they describe.
 */
export async function createEvent(db: DbOrTx, input: TCreateEventInput): Promise<TEvent> {
  const created = input.created ?? new Date();
  const context = cleanse(sanitize(input.context ?? {})) as Record<string, unknown>;
  const enriched = input.clientIp ? enrichContext(context, input.clientIp) : context;
  const expires = input.expires ?? expiryFor(created, await readSetting(db, "event_retention"));
  // Insert and insert-hooks (dispatch enqueue) commit together; inside a caller's transaction
  // this is a savepoint.
  const row = await db.transaction(async (tx) => {
    const [inserted] = await tx
      .insert(events)
      .values({
        ...(input.eventUuid ? { eventUuid: input.eventUuid } : {}),
        action: normalizeAction(input.action),
        app: input.app,
        context: enriched,
        user: (cleanse(sanitize(input.user ?? {})) as TEventUser) ?? {},
        clientIp: input.clientIp ?? null,
        brand: input.brand ?? {},
        created,
        expires,
      })
      .returning();
    await runEventInsertHooks(tx, [inserted]);
    return inserted;
  });
  logger.info(
    { event_uuid: row.eventUuid, action: row.action, app: row.app, username: row.user.username, client_ip: row.clientIp },
    "event created",
  );
  return row;
}
