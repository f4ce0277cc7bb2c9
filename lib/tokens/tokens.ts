import { and, eq, isNull, or, gt, sql } from "drizzle-orm";
import type { Db, DbOrTx } from "@/db/client";
import { tokens, users, type TToken, type TUser } from "@/db/schema";
import { actorSnapshot, type TActor } from "@/lib/actor";
import { generateTokenKey, hashTokenKey, tokenKeyPrefix } from "@/lib/credentials/token-key";
import { AppError, withUniqueField } from "@/lib/errors";
import { recordAudit } from "@/lib/events/audit";
import { effectiveSuperuserColumn } from "@/lib/users/queries";
import { DEFAULT_TOKEN_LIFETIME_MS, type TTokenCreate, type TTokenPatch } from "./validation";

export function tokenModelRef(token: Pick<TToken, "uuid" | "identifier">) {
  return { app: "herald_core", model_name: "token", pk: token.uuid.replaceAll("-", ""), name: token.identifier };
}

function tokenAuditSnapshot(token: TToken): Record<string, unknown> {
  return {
    identifier: token.identifier,
    intent: token.intent,
    user: token.userId,
    description: token.description,
    expiring: token.expiring,
    expires: token.expires,
    revoked_at: token.revokedAt,
  };
}

/** Non-admins only ever see and touch their own tokens: the scope is in the `where`. */
function scope(actor: TActor) {
  return actor.isSuperuser ? undefined : eq(tokens.userId, actor.userId);
}

export async function findToken(db: DbOrTx, actor: TActor, identifier: string): Promise<TToken | undefined> {
  const [row] = await db
    .select()
    .from(tokens)
    .where(and(eq(tokens.identifier, identifier), scope(actor)));
  return row;
}

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
  const key = presetKey ?? generateTokenKey();
  const expires = input.expiring ? (input.expires ?? new Date(Date.now() + DEFAULT_TOKEN_LIFETIME_MS)) : null;
  const token = await withUniqueField("identifier", "Token with this Identifier already exists.", () =>
    db.transaction(async (tx) => {
      const [owner] = await tx.select({ id: users.id }).from(users).where(eq(users.id, ownerId));
      if (!owner) throw AppError.field("user", `Invalid pk "${ownerId}" - object does not exist.`);
      const [existing] = await tx.select({ uuid: tokens.uuid }).from(tokens).where(eq(tokens.identifier, input.identifier));
      if (existing) throw AppError.field("identifier", "Token with this Identifier already exists.");
      const [row] = await tx
        .insert(tokens)
        .values({
          identifier: input.identifier,
          keyHash: hashTokenKey(key),
          keyPrefix: tokenKeyPrefix(key),
          intent: input.intent,
          userId: ownerId,
          description: input.description,
          expiring: input.expiring,
          expires,
        })
        .returning();
      await recordAudit(tx, {
        kind: "created",
        actor: actorSnapshot(actor),
        clientIp: actor.clientIp,
        model: tokenModelRef(row),
        after: tokenAuditSnapshot(row),
      });
      return row;
    }),
  );
  return { token, key };
}

export async function updateToken(db: Db, actor: TActor, identifier: string, patch: TTokenPatch): Promise<TToken> {
  return db.transaction(async (tx) => {
    const before = await findToken(tx, actor, identifier);
    if (!before) throw AppError.notFound("No Token matches the given query.");
    const changes = {
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
    if (!before) throw AppError.notFound("No Token matches the given query.");
    if (before.revokedAt) return;
    const [after] = await tx.update(tokens).set({ revokedAt: new Date() }).where(eq(tokens.uuid, before.uuid)).returning();
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
    if (!before) throw AppError.notFound("No Token matches the given query.");
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

export type TTokenAuthResult =
  | { ok: true; token: TToken; user: TUser; isSuperuser: boolean }
  | { ok: false; reason: "unknown" | "expired" | "revoked" | "inactive_user" | "wrong_intent" };

function prepareTokenLookup(db: DbOrTx) {
  return db
    .select({ token: tokens, user: users, isSuperuser: effectiveSuperuserColumn })
    .from(tokens)
    .innerJoin(users, eq(users.id, tokens.userId))
    .where(eq(tokens.keyHash, sql.placeholder("keyHash")))
    .prepare("herald_token_lookup");
}

// Prepared once per database handle: the query is built once instead of on every API call, and
// PostgreSQL plans it once per connection (planning the superuser-via-groups subquery cost ten
// times its execution when it was sent as a new statement each time).
const tokenLookups = new WeakMap<DbOrTx, ReturnType<typeof prepareTokenLookup>>();
function tokenLookup(db: DbOrTx) {
  let lookup = tokenLookups.get(db);
  if (!lookup) tokenLookups.set(db, (lookup = prepareTokenLookup(db)));
  return lookup;
}

/**
 * Looks a presented key up by its hash, with the user and their effective superuser flag, in one
 * query (this runs on every API call). Every failure reason is distinct for logs, not for callers.
 */
export async function authenticateTokenKey(db: DbOrTx, key: string): Promise<TTokenAuthResult> {
  const [row] = await tokenLookup(db).execute({ keyHash: hashTokenKey(key) });
  if (!row) return { ok: false, reason: "unknown" };
  if (row.token.revokedAt) return { ok: false, reason: "revoked" };
  if (row.token.intent !== "api" && row.token.intent !== "app_password") return { ok: false, reason: "wrong_intent" };
  if (row.token.expiring && row.token.expires && row.token.expires.getTime() <= Date.now()) {
    return { ok: false, reason: "expired" };
  }
  if (!row.user.isActive) return { ok: false, reason: "inactive_user" };
  // At most one write per minute per token, decided here so hot integrations do not write on every call.
  if (!row.token.lastUsed || row.token.lastUsed.getTime() < Date.now() - 60_000) {
    await db
      .update(tokens)
      .set({ lastUsed: new Date() })
      .where(and(eq(tokens.uuid, row.token.uuid), or(isNull(tokens.lastUsed), sql`${tokens.lastUsed} < now() - interval '1 minute'`)));
  }
  return { ok: true, token: row.token, user: row.user, isSuperuser: Boolean(row.isSuperuser) };
}

/** Tokens that still authenticate (not revoked, not expired). */
export const activeTokenFilter = and(
  isNull(tokens.revokedAt),
  or(eq(tokens.expiring, false), isNull(tokens.expires), gt(tokens.expires, sql`now()`)),
);
