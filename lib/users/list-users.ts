import { and, asc, count, desc, eq, ilike, inArray, or, sql, type SQL } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { groupMembers, groups, users, type TGroup, type TUser } from "@/db/schema";
import { likePattern } from "@/lib/api/like";
import { offsetOf, paginate, type TPaginated } from "@/lib/api/pagination";
import { AppError } from "@/lib/errors";
import { serializeUser, type TSerializedUser } from "./serialize";
import type { TUserListQuery } from "./validation";

const ORDER_COLUMNS = {
  username: users.username,
  name: users.name,
  email: users.email,
  is_active: users.isActive,
  last_login: users.lastLogin,
  date_joined: users.dateJoined,
  pk: users.id,
} as const;

function userFilters(query: TUserListQuery): SQL | undefined {
  const memberOf = (groupCondition: SQL) =>
    inArray(
      users.id,
      sql`(select ${groupMembers.userId} from ${groupMembers} join ${groups} on ${groups.uuid} = ${groupMembers.groupUuid} where ${groupCondition})`,
    );
  return and(
    query.search
      ? or(ilike(users.username, likePattern(query.search)), ilike(users.name, likePattern(query.search)), ilike(users.email, likePattern(query.search)))
      : undefined,
    query.username !== undefined ? eq(users.username, query.username) : undefined,
    query.email !== undefined ? eq(users.email, query.email) : undefined,
    query.name !== undefined ? eq(users.name, query.name) : undefined,
    query.path !== undefined ? eq(users.path, query.path) : undefined,
    query.path_startswith !== undefined ? sql`starts_with(${users.path}, ${query.path_startswith})` : undefined,
    query.is_active !== undefined ? eq(users.isActive, query.is_active) : undefined,
    query.is_superuser !== undefined ? eq(users.isSuperuser, query.is_superuser) : undefined,
    query.type?.length ? inArray(users.type, query.type) : undefined,
    query.groups_by_pk?.length ? memberOf(inArray(groups.uuid, query.groups_by_pk)) : undefined,
    query.groups_by_name?.length ? memberOf(inArray(groups.name, query.groups_by_name)) : undefined,
  );
}

/** Groups of each user in one query, for serialising pages without N+1. */
export async function groupsByUser(db: DbOrTx, userIds: number[]): Promise<Map<number, TGroup[]>> {
  const out = new Map<number, TGroup[]>(userIds.map((id) => [id, []]));
  if (userIds.length === 0) return out;
  const rows = await db
    .select({ userId: groupMembers.userId, group: groups })
    .from(groupMembers)
    .innerJoin(groups, eq(groups.uuid, groupMembers.groupUuid))
    .where(inArray(groupMembers.userId, userIds))
    .orderBy(asc(groups.name));
  for (const row of rows) out.get(row.userId)?.push(row.group);
  return out;
}

export async function listUsers(db: DbOrTx, query: TUserListQuery): Promise<TPaginated<TSerializedUser>> {
  const where = userFilters(query);
  const descending = query.ordering.startsWith("-");
  const column = ORDER_COLUMNS[query.ordering.replace(/^-/, "") as keyof typeof ORDER_COLUMNS];
  const [{ total }] = await db.select({ total: count() }).from(users).where(where);
  const rows = await db
    .select()
    .from(users)
    .where(where)
    .orderBy(descending ? desc(column) : asc(column), asc(users.id))
    .limit(query.page_size)
    .offset(offsetOf(query));
  const memberships = await groupsByUser(db, rows.map((row) => row.id));
  const includeGroups = query.include_groups ?? true;
  return paginate(query, total, rows.map((row) => serializeUser(row, memberships.get(row.id) ?? [], includeGroups)));
}

export async function getSerializedUser(db: DbOrTx, id: number): Promise<TSerializedUser> {
  const [user] = await db.select().from(users).where(eq(users.id, id));
  if (!user) throw AppError.notFound("No User matches the given query.");
  return serializeUser(user, (await groupsByUser(db, [id])).get(id) ?? []);
}

export type { TUser };

/** Users for pickers (username order, capped: a directory beyond that needs the search-as-you-type API). */
export async function userChoices(db: DbOrTx, limit = 2000): Promise<{ id: number; username: string; name: string; email: string; isActive: boolean }[]> {
  return db
    .select({ id: users.id, username: users.username, name: users.name, email: users.email, isActive: users.isActive })
    .from(users)
    .orderBy(asc(users.username))
    .limit(limit);
}
