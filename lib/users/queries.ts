import { and, eq, inArray, sql, type SQL } from "drizzle-orm";
import { rowsOf, type DbOrTx } from "@/db/client";
import { groupMembers, groups, users, type TUser } from "@/db/schema";

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
  const [row] = await db
    .select()
    .from(users)
    .where(sql`lower(${users.username}) = lower(${username})`);
  return row;
}

/** Group uuids per user, for serialising lists without N+1 queries. */
export async function groupUuidsByUser(db: DbOrTx, userIds: number[]): Promise<Map<number, string[]>> {
  const out = new Map<number, string[]>(userIds.map((id) => [id, []]));
  if (userIds.length === 0) return out;
  const rows = await db
    .select({ userId: groupMembers.userId, groupUuid: groupMembers.groupUuid })
    .from(groupMembers)
    .where(inArray(groupMembers.userId, userIds));
  for (const row of rows) out.get(row.userId)?.push(row.groupUuid);
  return out;
}

export async function activeUserExists(db: DbOrTx, id: number): Promise<boolean> {
  const [row] = await db.select({ id: users.id }).from(users).where(and(eq(users.id, id), eq(users.isActive, true)));
  return Boolean(row);
}
