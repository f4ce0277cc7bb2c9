import type { DbOrTx } from "@/db/client";
import type { TActor } from "@/lib/actor";
import { AppError } from "@/lib/errors";
import { groupsByUser } from "./list-users";
import { findUserById } from "./queries";

/** authentik's SessionUser (`/core/users/me/`): the caller as UserSelf; Herald has no impersonation. */
export async function sessionUser(db: DbOrTx, actor: TActor) {
  const user = await findUserById(db, actor.userId);
  if (!user) throw new AppError("unauthenticated", "The account behind these credentials no longer exists.");
  const groups = (await groupsByUser(db, [user.id])).get(user.id) ?? [];
  return {
    user: {
      pk: user.id,
      username: user.username,
      name: user.name,
      is_active: user.isActive,
      is_superuser: actor.isSuperuser,
      is_current: true,
      groups: groups.map((group) => ({ name: group.name, pk: group.uuid })),
      roles: [],
      email: user.email,
      avatar: "",
      uid: user.uuid.replaceAll("-", ""),
      settings: {},
      type: user.type,
      system_permissions: [],
    },
    users: [],
  };
}
