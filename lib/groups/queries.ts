import { and, asc, count, desc, eq, ilike, inArray, or, type SQL, sql } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { groupMembers, groups, type TGroup, type TUser, users } from "@/db/schema";
import { likePattern } from "@/lib/api/like";
import { offsetOf, paginate, type TPaginated } from "@/lib/api/pagination";
import { AppError } from "@/lib/errors";
import { serializePartialGroup, serializePartialUser } from "@/lib/users/serialize";
import type { TSerializedGroup } from "./serialize";
import type { TGroupListQuery } from "./validation";

export const GROUP_NOT_FOUND = "No Group matches the given query.";

type TIncludes = { users?: boolean; children?: boolean; parents?: boolean };

async function serializeGroups(db: DbOrTx, rows: TGroup[], include: TIncludes): Promise<TSerializedGroup[]> {
  const uuids = rows.map((row) => row.uuid);
  const parentUuids = [...new Set(rows.map((row) => row.parentUuid).filter((uuid): uuid is string => Boolean(uuid)))];
  const [members, children, parents] = await Promise.all([
    uuids.length
      ? db
          .select({ group: groupMembers.groupUuid, user: users })
          .from(groupMembers)
          .innerJoin(users, eq(users.id, groupMembers.userId))
          .where(inArray(groupMembers.groupUuid, uuids))
          .orderBy(asc(users.username))
      : [],
    uuids.length ? db.select().from(groups).where(inArray(groups.parentUuid, uuids)).orderBy(asc(groups.name)) : [],
    parentUuids.length ? db.select().from(groups).where(inArray(groups.uuid, parentUuids)) : [],
  ]);
  return rows.map((group) => {
    const own: TUser[] = members.filter((row) => row.group === group.uuid).map((row) => row.user);
    const kids = children.filter((child) => child.parentUuid === group.uuid);
    const parent = parents.find((row) => row.uuid === group.parentUuid);
    return {
      ...serializePartialGroup(group),
      parent_name: parent?.name ?? null,
      parents: parent ? [parent.uuid] : [],
      parents_obj: include.parents ? (parent ? [serializePartialGroup(parent)] : []) : null,
      users: own.map((user) => user.id),
      users_obj: include.users === false ? null : own.map(serializePartialUser),
      children: kids.map((kid) => kid.uuid),
      children_obj: include.children ? kids.map(serializePartialGroup) : null,
      roles: [],
      roles_obj: [],
      inherited_roles_obj: [],
    };
  });
}

function groupFilters(query: TGroupListQuery): SQL | undefined {
  const withMembers = (userCondition: SQL) =>
    inArray(
      groups.uuid,
      sql`(select ${groupMembers.groupUuid} from ${groupMembers} join ${users} on ${users.id} = ${groupMembers.userId} where ${userCondition})`,
    );
  return and(
    query.search ? or(ilike(groups.name, likePattern(query.search))) : undefined,
    query.name !== undefined ? eq(groups.name, query.name) : undefined,
    query.is_superuser !== undefined ? eq(groups.isSuperuser, query.is_superuser) : undefined,
    query.members_by_pk?.length ? withMembers(inArray(users.id, query.members_by_pk)) : undefined,
    query.members_by_username?.length ? withMembers(inArray(users.username, query.members_by_username)) : undefined,
  );
}

export async function listGroups(db: DbOrTx, query: TGroupListQuery): Promise<TPaginated<TSerializedGroup>> {
  const where = groupFilters(query);
  const column = query.ordering.endsWith("is_superuser") ? groups.isSuperuser : groups.name;
  const [{ total }] = await db.select({ total: count() }).from(groups).where(where);
  const rows = await db
    .select()
    .from(groups)
    .where(where)
    .orderBy(query.ordering.startsWith("-") ? desc(column) : asc(column), asc(groups.name))
    .limit(query.page_size)
    .offset(offsetOf(query));
  const include = { users: query.include_users, children: query.include_children, parents: query.include_parents };
  return paginate(query, total, await serializeGroups(db, rows, include));
}

export async function getSerializedGroup(db: DbOrTx, uuid: string, include: TIncludes = {}): Promise<TSerializedGroup> {
  const [group] = await db.select().from(groups).where(eq(groups.uuid, uuid));
  if (!group) throw AppError.notFound(GROUP_NOT_FOUND);
  const [serialized] = await serializeGroups(db, [group], { children: true, parents: true, ...include });
  return serialized;
}

/** Every group, for pickers (name order). */
export async function allGroups(db: DbOrTx): Promise<TGroup[]> {
  return db.select().from(groups).orderBy(asc(groups.name));
}
