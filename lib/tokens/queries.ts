import { and, asc, count, desc, eq, ilike, inArray, isNotNull, isNull, lte, or, type SQL, sql } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { type TToken, type TUser, tokens, users } from "@/db/schema";
import type { TActor } from "@/lib/actor";
import { likePattern } from "@/lib/api/like";
import { offsetOf, paginate, type TPaginated } from "@/lib/api/pagination";
import { AppError } from "@/lib/errors";
import { groupsByUser } from "@/lib/users/queries";
import { serializeUser } from "@/lib/users/serialize";
import { activeTokenFilter } from "./authenticate-token";
import { serializeToken, type TSerializedToken, type TTokenStatus } from "./serialize";
import type { TTokenListQuery } from "./validation";

export const TOKEN_NOT_FOUND = "No Token matches the given query.";

/** Non-admins only ever see and touch their own tokens: the scope is in the `where`. */
function tokenScope(actor: TActor) {
  return actor.isSuperuser ? undefined : eq(tokens.userId, actor.userId);
}

export async function findToken(db: DbOrTx, actor: TActor, identifier: string): Promise<TToken | undefined> {
  const [row] = await db
    .select()
    .from(tokens)
    .where(and(eq(tokens.identifier, identifier), tokenScope(actor)));
  return row;
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

export async function listTokens(
  db: DbOrTx,
  actor: TActor,
  query: TTokenListQuery,
): Promise<TPaginated<TSerializedToken>> {
  const where = and(
    tokenScope(actor),
    query.search
      ? or(
          ilike(tokens.identifier, likePattern(query.search)),
          ilike(tokens.description, likePattern(query.search)),
          ilike(users.username, likePattern(query.search)),
        )
      : undefined,
    query.identifier !== undefined ? eq(tokens.identifier, query.identifier) : undefined,
    query.intent !== undefined ? eq(tokens.intent, query.intent) : undefined,
    query.user__username !== undefined ? eq(users.username, query.user__username) : undefined,
    query.description !== undefined ? eq(tokens.description, query.description) : undefined,
    query.expiring !== undefined ? eq(tokens.expiring, query.expiring) : undefined,
    query.managed !== undefined ? eq(tokens.managed, query.managed) : undefined,
    query.status ? STATUS_FILTERS[query.status] : undefined,
  );
  const columns = {
    identifier: tokens.identifier,
    expires: tokens.expires,
    created: tokens.created,
    last_used: tokens.lastUsed,
  };
  const column = columns[query.ordering.replace(/^-/, "") as keyof typeof columns];
  const [{ total }] = await db
    .select({ total: count() })
    .from(tokens)
    .innerJoin(users, eq(users.id, tokens.userId))
    .where(where);
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
    .where(and(eq(tokens.identifier, identifier), tokenScope(actor)));
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
