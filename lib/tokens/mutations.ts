import { eq } from "drizzle-orm";
import type { Db, DbOrTx } from "@/db/client";
import { type TToken, tokens, users } from "@/db/schema";
import { actorSnapshot, type TActor } from "@/lib/actor";
import { generateTokenKey, hashTokenKey, tokenKeyPrefix } from "@/lib/credentials/token-key";
import { AppError, withUniqueField } from "@/lib/errors";
import { recordAudit } from "@/lib/events/audit";
import { effectiveSuperuserColumn } from "@/lib/users/queries";
import { findToken, TOKEN_NOT_FOUND } from "./queries";
import { normalizeScopes, unusableScope } from "./scopes";
import { tokenAuditSnapshot, tokenModelRef } from "./serialize";
import { DEFAULT_TOKEN_LIFETIME_MS, type TTokenCreate, type TTokenPatch } from "./validation";

/** Creates a token and returns the key once; only its hash is stored. */
export async function createToken(
  db: Db,
  actor: TActor,
  input: TTokenCreate,
  presetKey?: string,
): Promise<{ token: TToken; key: string }> {
  const ownerId = input.user ?? actor.userId;
  if (ownerId !== actor.userId && !actor.isSuperuser) {
    throw AppError.field("user", "You can only create tokens for yourself.");
  }
  return withUniqueField("identifier", "Token with this Identifier already exists.", () =>
    db.transaction((tx) => insertToken(tx, actor, { ...input, user: ownerId }, presetKey)),
  );
}

/**
 * The insert behind createToken, inside the caller's transaction (a service account and its first
 * token are created together). The caller has checked that the actor may create it for `input.user`.
 */
export async function insertToken(
  tx: DbOrTx,
  actor: TActor,
  input: TTokenCreate & { user: number },
  presetKey?: string,
): Promise<{ token: TToken; key: string }> {
  const key = presetKey ?? generateTokenKey();
  const expires = input.expiring ? (input.expires ?? new Date(Date.now() + DEFAULT_TOKEN_LIFETIME_MS)) : null;
  const [owner] = await tx
    .select({ id: users.id, type: users.type, isSuperuser: effectiveSuperuserColumn })
    .from(users)
    .where(eq(users.id, input.user));
  if (!owner) throw AppError.field("user", `Invalid pk "${input.user}" - object does not exist.`);
  const refused = unusableScope(input.scopes, owner);
  if (refused) throw AppError.field("scopes", refused);
  const [existing] = await tx.select({ uuid: tokens.uuid }).from(tokens).where(eq(tokens.identifier, input.identifier));
  if (existing) throw AppError.field("identifier", "Token with this Identifier already exists.");
  const [token] = await tx
    .insert(tokens)
    .values({
      identifier: input.identifier,
      keyHash: hashTokenKey(key),
      keyPrefix: tokenKeyPrefix(key),
      intent: input.intent,
      userId: input.user,
      description: input.description,
      expiring: input.expiring,
      expires,
      scopes: normalizeScopes(input.scopes),
    })
    .returning();
  await recordAudit(tx, {
    kind: "created",
    actor: actorSnapshot(actor),
    clientIp: actor.clientIp,
    model: tokenModelRef(token),
    after: tokenAuditSnapshot(token),
  });
  return { token, key };
}

export async function updateToken(db: Db, actor: TActor, identifier: string, patch: TTokenPatch): Promise<TToken> {
  return db.transaction(async (tx) => {
    const before = await findToken(tx, actor, identifier);
    if (!before) throw AppError.notFound(TOKEN_NOT_FOUND);
    if (patch.scopes) {
      const [owner] = await tx
        .select({ type: users.type, isSuperuser: effectiveSuperuserColumn })
        .from(users)
        .where(eq(users.id, before.userId));
      const refused = owner ? unusableScope(patch.scopes, owner) : null;
      if (refused) throw AppError.field("scopes", refused);
    }
    const changes = {
      ...(patch.scopes !== undefined && { scopes: normalizeScopes(patch.scopes) }),
      ...(patch.description !== undefined && { description: patch.description }),
      ...(patch.expires !== undefined && { expires: patch.expires }),
      ...(patch.expiring !== undefined && { expiring: patch.expiring }),
    };
    // An empty PATCH has no column to set; drizzle refuses an empty SET.
    const [after] = Object.keys(changes).length
      ? await tx.update(tokens).set(changes).where(eq(tokens.uuid, before.uuid)).returning()
      : [before];
    await recordAudit(tx, {
      kind: "updated",
      actor: actorSnapshot(actor),
      clientIp: actor.clientIp,
      model: tokenModelRef(after),
      before: tokenAuditSnapshot(before),
      after: tokenAuditSnapshot(after),
    });
    return after;
  });
}

/** Revoking keeps the row (and its audit trail) but the key never authenticates again. */
export async function revokeToken(db: Db, actor: TActor, identifier: string): Promise<void> {
  await db.transaction(async (tx) => {
    const before = await findToken(tx, actor, identifier);
    if (!before) throw AppError.notFound(TOKEN_NOT_FOUND);
    if (before.revokedAt) return;
    const [after] = await tx
      .update(tokens)
      .set({ revokedAt: new Date() })
      .where(eq(tokens.uuid, before.uuid))
      .returning();
    await recordAudit(tx, {
      kind: "updated",
      actor: actorSnapshot(actor),
      clientIp: actor.clientIp,
      model: tokenModelRef(after),
      before: tokenAuditSnapshot(before),
      after: tokenAuditSnapshot(after),
    });
  });
}

export async function deleteToken(db: Db, actor: TActor, identifier: string): Promise<void> {
  await db.transaction(async (tx) => {
    const before = await findToken(tx, actor, identifier);
    if (!before) throw AppError.notFound(TOKEN_NOT_FOUND);
    await tx.delete(tokens).where(eq(tokens.uuid, before.uuid));
    await recordAudit(tx, {
      kind: "deleted",
      actor: actorSnapshot(actor),
      clientIp: actor.clientIp,
      model: tokenModelRef(before),
      before: tokenAuditSnapshot(before),
    });
  });
}
