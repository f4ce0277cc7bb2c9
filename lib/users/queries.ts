import { and, asc, count, desc, eq, ilike, inArray, or, type SQL, sql } from "drizzle-orm";
import { type DbOrTx, rowsOf } from "@/db/client";
import { groupMembers, groups, type TGroup, type TUser, users } from "@/db/schema";
import type { TActor } from "@/lib/actor";
import { likePattern } from "@/lib/api/like";
import { offsetOf, paginate, type TPaginated } from "@/lib/api/pagination";
import { AppError } from "@/lib/errors";
import { serializeUser, serializeUserSelf, type TSerializedUser } from "./serialize";
import type { TUserListQuery } from "./validation";

/**
 * Effective superuser: the user's own flag, or membership of a superuser group or of any
 * descendant of one (authentik lets a group's members inherit from its parents).
 */
export async function isEffectiveSuperuser(db: DbOrTx, user: Pick<TUser, "id" | "isSuperuser">): Promise<boolean> {
  if (user.isSuperuser) return true;
  const rows = await db.execute(sql`select ${superuserViaGroups(sql`${user.id}`)} as found`);
  return Boolean(rowsOf<{ found: boolean }>(rows)[0]?.found);
}

/** SQL boolean for a select that has `users` in it: the row's effective superuser flag (see isEffectiveSuperuser). */
export const effectiveSuperuserColumn = sql<boolean>`(${users.isSuperuser} or ${superuserViaGroups(sql`${users.id}`)})`;

/** SQL boolean: does the user (an id expression) inherit superuser from a group or a group's ancestors? */
export function superuserViaGroups(userId: SQL): SQL<boolean> {
  return sql<boolean>`exists(${withGroupAncestry(userId)} select 1 from ancestry where is_superuser)`;
}

/**
 * A recursive CTE `ancestry(uuid, parent_uuid, name, is_superuser)`: the user's groups and all their
 * ancestors (a member of a child group is in the parent too). Follow it with a select from ancestry.
 */
export function withGroupAncestry(userId: SQL): SQL {
  return sql`
    with recursive ancestry(uuid, parent_uuid, name, is_superuser) as (
      select g.uuid, g.parent_uuid, g.name, g.is_superuser
        from ${groups} g join ${groupMembers} m on m.group_uuid = g.uuid
       where m.user_id = ${userId}
      union
      select p.uuid, p.parent_uuid, p.name, p.is_superuser
        from ${groups} p join ancestry a on p.uuid = a.parent_uuid
    )`;
}

export async function findUserById(db: DbOrTx, id: number): Promise<TUser | undefined> {
  const [row] = await db.select().from(users).where(eq(users.id, id));
  return row;
}

export async function findUserByUsername(db: DbOrTx, username: string): Promise<TUser | undefined> {
  const [row] = await db.select().from(users).where(sql`lower(${users.username}) = lower(${username})`);
  return row;
}

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
      ? or(
          ilike(users.username, likePattern(query.search)),
          ilike(users.name, likePattern(query.search)),
          ilike(users.email, likePattern(query.search)),
        )
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
  const memberships = await groupsByUser(
    db,
    rows.map((row) => row.id),
  );
  const includeGroups = query.include_groups ?? true;
  return paginate(
    query,
    total,
    rows.map((row) => serializeUser(row, memberships.get(row.id) ?? [], includeGroups)),
  );
}

export async function getSerializedUser(db: DbOrTx, id: number): Promise<TSerializedUser> {
  const [user] = await db.select().from(users).where(eq(users.id, id));
  if (!user) throw AppError.notFound("No User matches the given query.");
  return serializeUser(user, (await groupsByUser(db, [id])).get(id) ?? []);
}

/** Users for pickers (username order, capped: a directory beyond that needs the search-as-you-type API). */
export async function userChoices(
  db: DbOrTx,
  limit = 2000,
): Promise<{ id: number; username: string; name: string; email: string; isActive: boolean }[]> {
  return db
    .select({ id: users.id, username: users.username, name: users.name, email: users.email, isActive: users.isActive })
    .from(users)
    .orderBy(asc(users.username))
    .limit(limit);
}

/** authentik's SessionUser (`/core/users/me/`): the caller as UserSelf; Herald has no impersonation. */
export async function sessionUser(db: DbOrTx, actor: TActor) {
  const user = await findUserById(db, actor.userId);
  if (!user) throw new AppError("unauthenticated", "The account behind these credentials no longer exists.");
  const groups = (await groupsByUser(db, [user.id])).get(user.id) ?? [];
  return { user: serializeUserSelf(user, groups, actor.isSuperuser), users: [] };
}
