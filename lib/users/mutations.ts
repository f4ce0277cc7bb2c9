import { and, eq, inArray, ne, sql } from "drizzle-orm";
import type { Db, DbOrTx } from "@/db/client";
import { groupMembers, groups, type TUser, users } from "@/db/schema";
import { actorSnapshot, type TActor } from "@/lib/actor";
import { hashPassword, verifyPassword } from "@/lib/credentials/password";
import { AppError, withUniqueField } from "@/lib/errors";
import { recordAudit } from "@/lib/events/audit";
import { findUserById } from "./queries";
import { userAuditSnapshot, userModelRef } from "./serialize";
import type { TUserCreate, TUserPatch } from "./validation";

async function assertGroupsExist(db: DbOrTx, uuids: string[]): Promise<void> {
  if (uuids.length === 0) return;
  const found = await db.select({ uuid: groups.uuid }).from(groups).where(inArray(groups.uuid, uuids));
  const missing = uuids.filter((uuid) => !found.some((row) => row.uuid === uuid));
  if (missing.length) throw AppError.field("groups", `Invalid pk "${missing[0]}" - object does not exist.`);
}

async function assertUsernameFree(db: DbOrTx, username: string, exceptId?: number): Promise<void> {
  const clash = await db
    .select({ id: users.id })
    .from(users)
    .where(and(sql`lower(${users.username}) = lower(${username})`, exceptId ? ne(users.id, exceptId) : undefined));
  if (clash.length) throw AppError.field("username", "A user with that username already exists.");
}

/** authentik's service accounts exist to hold tokens; they never sign in, so they have no password. */
export function isServiceAccount(user: Pick<TUser, "type">): boolean {
  return user.type === "service_account" || user.type === "internal_service_account";
}

const SERVICE_ACCOUNT_NO_PASSWORD = "Service accounts cannot sign in, so they have no password.";

export async function createUser(db: Db, actor: TActor, input: TUserCreate): Promise<TUser> {
  if (input.password && isServiceAccount(input)) throw AppError.field("password", SERVICE_ACCOUNT_NO_PASSWORD);
  const passwordHash = input.password ? await hashPassword(input.password) : null;
  return withUniqueField("username", "A user with that username already exists.", () =>
    db.transaction(async (tx) => {
      await assertUsernameFree(tx, input.username);
      await assertGroupsExist(tx, input.groups);
      const [user] = await tx
        .insert(users)
        .values({
          username: input.username,
          name: input.name,
          email: input.email,
          isActive: input.is_active,
          isSuperuser: input.is_superuser,
          passwordHash,
          attributes: input.attributes,
          path: input.path,
          type: input.type,
        })
        .returning();
      if (input.groups.length) {
        await tx.insert(groupMembers).values(input.groups.map((groupUuid) => ({ groupUuid, userId: user.id })));
      }
      await recordAudit(tx, {
        kind: "created",
        actor: actorSnapshot(actor),
        clientIp: actor.clientIp,
        model: userModelRef(user),
        after: { ...userAuditSnapshot(user), groups: input.groups },
      });
      return user;
    }),
  );
}

export async function updateUser(db: Db, actor: TActor, id: number, patch: TUserPatch): Promise<TUser> {
  if (id === actor.userId && (patch.is_active === false || patch.is_superuser === false)) {
    throw AppError.field(
      patch.is_active === false ? "is_active" : "is_superuser",
      "You cannot deactivate or demote your own account.",
    );
  }
  return db.transaction(async (tx) => {
    const before = await findUserById(tx, id);
    if (!before) throw AppError.notFound("No User matches the given query.");
    if (patch.username !== undefined) await assertUsernameFree(tx, patch.username, id);
    const [after] = await tx
      .update(users)
      .set({
        ...(patch.username !== undefined && { username: patch.username }),
        ...(patch.name !== undefined && { name: patch.name }),
        ...(patch.email !== undefined && { email: patch.email }),
        ...(patch.is_active !== undefined && { isActive: patch.is_active }),
        // Deactivating ends the user's sessions for good: reactivating later does not revive them.
        ...(patch.is_active === false && { sessionEpoch: sql`${users.sessionEpoch} + 1` }),
        ...(patch.is_superuser !== undefined && { isSuperuser: patch.is_superuser }),
        ...(patch.attributes !== undefined && { attributes: patch.attributes }),
        ...(patch.path !== undefined && { path: patch.path }),
        ...(patch.type !== undefined && { type: patch.type }),
        lastUpdated: new Date(),
      })
      .where(eq(users.id, id))
      .returning();
    await recordAudit(tx, {
      kind: "updated",
      actor: actorSnapshot(actor),
      clientIp: actor.clientIp,
      model: userModelRef(after),
      before: { ...userAuditSnapshot(before), last_updated: undefined },
      after: { ...userAuditSnapshot(after), last_updated: undefined },
    });
    if (patch.groups !== undefined) await setUserGroups(tx, actor, after, patch.groups);
    return after;
  });
}

async function setUserGroups(tx: DbOrTx, actor: TActor, user: TUser, wanted: string[]): Promise<void> {
  await assertGroupsExist(tx, wanted);
  const current = (await tx.select().from(groupMembers).where(eq(groupMembers.userId, user.id))).map(
    (r) => r.groupUuid,
  );
  const add = wanted.filter((uuid) => !current.includes(uuid));
  const remove = current.filter((uuid) => !wanted.includes(uuid));
  if (add.length) await tx.insert(groupMembers).values(add.map((groupUuid) => ({ groupUuid, userId: user.id })));
  if (remove.length) {
    await tx.delete(groupMembers).where(and(eq(groupMembers.userId, user.id), inArray(groupMembers.groupUuid, remove)));
  }
  const change = { ...(add.length && { add }), ...(remove.length && { remove }) };
  if (add.length || remove.length) {
    await recordAudit(tx, {
      kind: "membership",
      actor: actorSnapshot(actor),
      clientIp: actor.clientIp,
      model: userModelRef(user),
      field: "groups",
      change,
    });
  }
}

/** A new password ends every session of the user (raising `session_epoch`): whoever knew the old one is out. */
export async function setUserPassword(db: Db, actor: TActor, id: number, password: string): Promise<void> {
  const passwordHash = await hashPassword(password);
  await db.transaction(async (tx) => {
    const before = await findUserById(tx, id);
    if (!before) throw AppError.notFound("No User matches the given query.");
    if (isServiceAccount(before)) throw AppError.field("password", SERVICE_ACCOUNT_NO_PASSWORD);
    const [after] = await tx
      .update(users)
      .set({
        passwordHash,
        passwordChangeDate: new Date(),
        lastUpdated: new Date(),
        sessionEpoch: sql`${users.sessionEpoch} + 1`,
      })
      .where(eq(users.id, id))
      .returning();
    await recordAudit(tx, {
      kind: "updated",
      actor: actorSnapshot(actor),
      clientIp: actor.clientIp,
      model: userModelRef(after),
      before: userAuditSnapshot(before),
      after: userAuditSnapshot(after),
    });
  });
}

export async function deleteUser(db: Db, actor: TActor, id: number): Promise<void> {
  if (id === actor.userId) throw AppError.field("non_field_errors", "You cannot delete your own account.");
  await db.transaction(async (tx) => {
    const before = await findUserById(tx, id);
    if (!before) throw AppError.notFound("No User matches the given query.");
    await tx.delete(users).where(eq(users.id, id));
    await recordAudit(tx, {
      kind: "deleted",
      actor: actorSnapshot(actor),
      clientIp: actor.clientIp,
      model: userModelRef(before),
      before: userAuditSnapshot(before),
    });
  });
}

/** A user edits their own name and email (never flags or groups); audited like any change. */
export async function updateOwnProfile(
  db: Db,
  actor: TActor,
  input: Pick<TUserPatch, "name" | "email">,
): Promise<void> {
  await updateUser(db, actor, actor.userId, { name: input.name, email: input.email });
}

/**
 * Changing one's own password needs the current one, so a borrowed session cannot lock the owner out.
 * Like any new password it ends all of the user's sessions, this one included.
 */
export async function changeOwnPassword(
  db: Db,
  actor: TActor,
  currentPassword: string,
  password: string,
): Promise<void> {
  const user = await findUserById(db, actor.userId);
  if (!user) throw AppError.notFound("No User matches the given query.");
  if (!(await verifyPassword(currentPassword, user.passwordHash))) {
    throw AppError.field("current_password", "The current password is not correct.");
  }
  await setUserPassword(db, actor, actor.userId, password);
}
