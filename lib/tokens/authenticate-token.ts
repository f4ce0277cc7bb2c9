import { and, eq, gt, isNull, or, sql } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { type TToken, type TUser, tokens, users } from "@/db/schema";
import { hashTokenKey } from "@/lib/credentials/token-key";
import { effectiveSuperuserColumn } from "@/lib/users/queries";

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
      .where(
        and(
          eq(tokens.uuid, row.token.uuid),
          or(isNull(tokens.lastUsed), sql`${tokens.lastUsed} < now() - interval '1 minute'`),
        ),
      );
  }
  return { ok: true, token: row.token, user: row.user, isSuperuser: Boolean(row.isSuperuser) };
}

/** Tokens that still authenticate (not revoked, not expired). */
export const activeTokenFilter = and(
  isNull(tokens.revokedAt),
  or(eq(tokens.expiring, false), isNull(tokens.expires), gt(tokens.expires, sql`now()`)),
);
