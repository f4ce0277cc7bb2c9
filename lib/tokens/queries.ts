import { and, asc, count, desc, eq, ilike, inArray, isNotNull, isNull, lte, or, sql, type SQL } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { tokens, users, type TToken, type TUser } from "@/db/schema";
import { likePattern } from "@/lib/api/like";
import { offsetOf, paginate, type TPaginated } from "@/lib/api/pagination";
import type { TActor } from "@/lib/actor";
import { AppError } from "@/lib/errors";
import { groupsByUser } from "@/lib/users/list-users";
import { serializeUser, type TSerializedUser } from "@/lib/users/serialize";
import { activeTokenFilter } from "./tokens";
import type { TTokenListQuery } from "./validation";

export const TOKEN_NOT_FOUND = "No Token matches the given query.";
export type TTokenStatus = "active" | "expired" | "revoked";

/** authentik's Token plus Herald's read-only extras (key prefix, status, timestamps). The key is never here. */
export type TSerializedToken = {
  pk: string;
  managed: string | null;
  identifier: string;
  intent: TToken["intent"];
  user: number;
  user_obj: TSerializedUser;
  description: string;
  expires: string | null;
  expiring: boolean;
  key_prefix: string;
  status: TTokenStatus;
  created: string;
  last_used: string | null;
  revoked_at: string | null;
};

export function tokenStatus(token: TToken, now = Date.now()): TTokenStatus {
  if (token.revokedAt) return "revoked";
  if (token.expiring && token.expires && token.expires.getTime() <= now) return "expired";
  return "active";
}

function serializeToken(token: TToken, owner: TSerializedUser): TSerializedToken {
  const iso = (value: Date | null) => (value ? new Date(value).toISOString() : null);
  return {
    pk: token.uuid,
    managed: token.managed,
    identifier: token.identifier,
    intent: token.intent,
    user: token.userId,
    user_obj: owner,
    description: token.description,
    expires: iso(token.expires),
    expiring: token.expiring,
    key_prefix: token.keyPrefix,
    status: tokenStatus(token),
    created: new Date(token.created).toISOString(),
    last_used: iso(token.lastUsed),
    revoked_at: iso(token.revokedAt),
  };
}

async function serializeTokens(db: DbOrTx, rows: { token: TToken; user: TUser }[]): Promise<TSerializedToken[]> {
  const memberships = await groupsByUser(db, [...new Set(rows.map((row) => row.user.id))]);
  return rows.map(({ token, user }) => serializeToken(token, serializeUser(user, memberships.get(user.id) ?? [])));
}

const STATUS_FILTERS: Record<TTokenStatus, SQL | undefined> = {
  active: activeTokenFilter,
  revoked: isNotNull(tokens.revokedAt),
  expired: and(isNull(tokens.revokedAt), eq(tokens.expiring, true), lte(tokens.expires, sql`now()`)),
};

/** Non-admins see only their own tokens: the scope is part of the `where`. */
export async function listTokens(db: DbOrTx, actor: TActor, query: TTokenListQuery): Promise<TPaginated<TSerializedToken>> {
  const where = and(
    actor.isSuperuser ? undefined : eq(tokens.userId, actor.userId),
    query.search ? or(ilike(tokens.identifier, likePattern(query.search)), ilike(tokens.description, likePattern(query.search)), ilike(users.username, likePattern(query.search))) : undefined,
    query.identifier !== undefined ? eq(tokens.identifier, query.identifier) : undefined,
    query.intent !== undefined ? eq(tokens.intent, query.intent) : undefined,
    query.user__username !== undefined ? eq(users.username, query.user__username) : undefined,
    query.description !== undefined ? eq(tokens.description, query.description) : undefined,
    query.expiring !== undefined ? eq(tokens.expiring, query.expiring) : undefined,
    query.managed !== undefined ? eq(tokens.managed, query.managed) : undefined,
    query.status ? STATUS_FILTERS[query.status] : undefined,
  );
  const columns = { identifier: tokens.identifier, expires: tokens.expires, created: tokens.created, last_used: tokens.lastUsed };
  const column = columns[query.ordering.replace(/^-/, "") as keyof typeof columns];
  const [{ total }] = await db.select({ total: count() }).from(tokens).innerJoin(users, eq(users.id, tokens.userId)).where(where);
  const rows = await db
    .select({ token: tokens, user: users })
    .from(tokens)
    .innerJoin(users, eq(users.id, tokens.userId))
    .where(where)
    .orderBy(query.ordering.startsWith("-") ? desc(column) : asc(column), asc(tokens.identifier))
    .limit(query.page_size)
    .offset(offsetOf(query));
  return paginate(query, total, await serializeTokens(db, rows));
}

export async function getSerializedToken(db: DbOrTx, actor: TActor, identifier: string): Promise<TSerializedToken> {
  const rows = await db
    .select({ token: tokens, user: users })
    .from(tokens)
    .innerJoin(users, eq(users.id, tokens.userId))
    .where(and(eq(tokens.identifier, identifier), actor.isSuperuser ? undefined : eq(tokens.userId, actor.userId)));
  if (rows.length === 0) throw AppError.notFound(TOKEN_NOT_FOUND);
  return (await serializeTokens(db, rows))[0];
}

/** Count for the dashboard. */
export async function countActiveTokens(db: DbOrTx, userIds?: number[]): Promise<number> {
  const [{ total }] = await db
    .select({ total: count() })
    .from(tokens)
    .where(and(activeTokenFilter, userIds ? inArray(tokens.userId, userIds) : undefined));
  return total;
}
