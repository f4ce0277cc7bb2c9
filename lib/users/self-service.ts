import type { Db } from "@/db/client";
import type { TActor } from "@/lib/actor";
import { verifyPassword } from "@/lib/credentials/password";
import { AppError } from "@/lib/errors";
import { setUserPassword, updateUser } from "./mutations";
import { findUserById } from "./queries";
import type { TUserPatch } from "./validation";

/** A user edits their own name and email (never flags or groups); audited like any change. */
export async function updateOwnProfile(db: Db, actor: TActor, input: Pick<TUserPatch, "name" | "email">): Promise<void> {
  await updateUser(db, actor, actor.userId, { name: input.name, email: input.email });
}

/** Changing one's own password needs the current one, so a borrowed session cannot lock the owner out. */
export async function changeOwnPassword(db: Db, actor: TActor, currentPassword: string, password: string): Promise<void> {
  const user = await findUserById(db, actor.userId);
  if (!user) throw AppError.notFound("No User matches the given query.");
  if (!(await verifyPassword(currentPassword, user.passwordHash))) {
    throw AppError.field("current_password", "The current password is not correct.");
  }
  await setUserPassword(db, actor, actor.userId, password);
}
