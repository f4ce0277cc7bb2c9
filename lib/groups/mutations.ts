import { and, eq, inArray, ne, sql } from "drizzle-orm";
import { type Db, type DbOrTx, rowsOf } from "@/db/client";
import { groupMembers, groups, type TGroup, users } from "@/db/schema";
import { actorSnapshot, type TActor } from "@/lib/actor";
import { AppError, withUniqueField } from "@/lib/errors";
import { recordAudit } from "@/lib/events/audit";
import { groupAuditSnapshot, groupModelRef } from "./serialize";
import { requestedParent, type TGroupCreate, type TGroupPatch } from "./validation";

async function findGroup(db: DbOrTx, uuid: string): Promise<TGroup | undefined> {
  const [row] = await db.select().from(groups).where(eq(groups.uuid, uuid));
  return row;
}

async function assertNameFree(db: DbOrTx, name: string, exceptUuid?: string): Promise<void> {
  const clash = await db
    .select({ uuid: groups.uuid })
    .from(groups)
    .where(and(eq(groups.name, name), exceptUuid ? ne(groups.uuid, exceptUuid) : undefined));
  if (clash.length) throw AppError.field("name", "group with this name already exists.");
}

async function assertUsersExist(db: DbOrTx, ids: number[]): Promise<void> {
  if (ids.length === 0) return;
  const found = await db.select({ id: users.id }).from(users).where(inArray(users.id, ids));
  const missing = ids.filter((id) => !found.some((row) => row.id === id));
  if (missing.length) throw AppError.field("users", `Invalid pk "${missing[0]}" - object does not exist.`);
}

/** A parent must exist and must not be the group itself or one of its descendants. */
async function assertValidParent(db: DbOrTx, parent: string | null | undefined, self?: string): Promise<void> {
  if (!parent) return;
  if (!(await findGroup(db, parent)))
    throw AppError.field("parents", `Invalid pk "${parent}" - object does not exist.`);
  if (!self) return;
  const rows = rowsOf<{ uuid: string }>(
    await db.execute(sql`
      with recursive descendants(uuid) as (
        select ${self}::uuid
        union
        select g.uuid from ${groups} g join descendants d on g.parent_uuid = d.uuid
      ) select uuid from descendants`),
  );
  if (rows.some((row) => row.uuid === parent)) {
    throw AppError.field("parents", "A group cannot be its own parent or the child of one of its descendants.");
  }
}

export async function createGroup(db: Db, actor: TActor, input: TGroupCreate): Promise<TGroup> {
  const parent = requestedParent(input) ?? null;
  return withUniqueField("name", "group with this name already exists.", () =>
    db.transaction(async (tx) => {
      await assertNameFree(tx, input.name);
      await assertValidParent(tx, parent);
      await assertUsersExist(tx, input.users);
      const [group] = await tx
        .insert(groups)
        .values({ name: input.name, isSuperuser: input.is_superuser, parentUuid: parent, attributes: input.attributes })
        .returning();
      const members = [...new Set(input.users)];
      if (members.length)
        await tx.insert(groupMembers).values(members.map((userId) => ({ groupUuid: group.uuid, userId })));
      await recordAudit(tx, {
        kind: "created",
        actor: actorSnapshot(actor),
        clientIp: actor.clientIp,
        model: groupModelRef(group),
        after: { ...groupAuditSnapshot(group), users: members },
      });
      return group;
    }),
  );
}

export async function updateGroup(db: Db, actor: TActor, uuid: string, patch: TGroupPatch): Promise<TGroup> {
  const parent = requestedParent(patch);
  return db.transaction(async (tx) => {
    const before = await findGroup(tx, uuid);
    if (!before) throw AppError.notFound("No Group matches the given query.");
    if (patch.name !== undefined) await assertNameFree(tx, patch.name, uuid);
    if (parent !== undefined) await assertValidParent(tx, parent, uuid);
    const changes = {
      ...(patch.name !== undefined && { name: patch.name }),
      ...(patch.is_superuser !== undefined && { isSuperuser: patch.is_superuser }),
      ...(patch.attributes !== undefined && { attributes: patch.attributes }),
      ...(parent !== undefined && { parentUuid: parent }),
    };
    // A patch of only `users` (or nothing) has no column to set; drizzle refuses an empty SET.
    const [after] = Object.keys(changes).length
      ? await tx.update(groups).set(changes).where(eq(groups.uuid, uuid)).returning()
      : [before];
    await recordAudit(tx, {
      kind: "updated",
      actor: actorSnapshot(actor),
      clientIp: actor.clientIp,
      model: groupModelRef(after),
      before: groupAuditSnapshot(before),
      after: groupAuditSnapshot(after),
    });
    if (patch.users !== undefined) {
      const current = await memberIds(tx, uuid);
      const wanted = [...new Set(patch.users)];
      await changeMembers(
        tx,
        actor,
        after,
        wanted.filter((id) => !current.includes(id)),
        current.filter((id) => !wanted.includes(id)),
      );
    }
    return after;
  });
}

async function memberIds(db: DbOrTx, uuid: string): Promise<number[]> {
  return (await db.select({ id: groupMembers.userId }).from(groupMembers).where(eq(groupMembers.groupUuid, uuid))).map(
    (row) => row.id,
  );
}

async function changeMembers(tx: DbOrTx, actor: TActor, group: TGroup, add: number[], remove: number[]): Promise<void> {
  await assertUsersExist(tx, add);
  if (add.length) {
    await tx
      .insert(groupMembers)
      .values(add.map((userId) => ({ groupUuid: group.uuid, userId })))
      .onConflictDoNothing();
  }
  if (remove.length) {
    await tx
      .delete(groupMembers)
      .where(and(eq(groupMembers.groupUuid, group.uuid), inArray(groupMembers.userId, remove)));
  }
  for (const [key, ids] of [
    ["add", add],
    ["remove", remove],
  ] as const) {
    if (ids.length === 0) continue;
    await recordAudit(tx, {
      kind: "membership",
      actor: actorSnapshot(actor),
      clientIp: actor.clientIp,
      model: groupModelRef(group),
      field: "users",
      change: { [key]: ids },
    });
  }
}

/** authentik's add_user / remove_user: one member at a time, audited as {users: {add|remove: [pk]}}. */
export async function addGroupMember(db: Db, actor: TActor, uuid: string, userId: number): Promise<void> {
  await db.transaction(async (tx) => {
    const group = await findGroup(tx, uuid);
    if (!group) throw AppError.notFound("No Group matches the given query.");
    if ((await memberIds(tx, uuid)).includes(userId)) return;
    await changeMembers(tx, actor, group, [userId], []);
  });
}

export async function removeGroupMember(db: Db, actor: TActor, uuid: string, userId: number): Promise<void> {
  await db.transaction(async (tx) => {
    const group = await findGroup(tx, uuid);
    if (!group) throw AppError.notFound("No Group matches the given query.");
    if (!(await memberIds(tx, uuid)).includes(userId)) return;
    await changeMembers(tx, actor, group, [], [userId]);
  });
}

export async function deleteGroup(db: Db, actor: TActor, uuid: string): Promise<void> {
  await db.transaction(async (tx) => {
    const before = await findGroup(tx, uuid);
    if (!before) throw AppError.notFound("No Group matches the given query.");
    const members = await memberIds(tx, uuid);
    await tx.delete(groups).where(eq(groups.uuid, uuid));
    await recordAudit(tx, {
      kind: "deleted",
      actor: actorSnapshot(actor),
      clientIp: actor.clientIp,
      model: groupModelRef(before),
      before: { ...groupAuditSnapshot(before), users: members },
    });
  });
}
