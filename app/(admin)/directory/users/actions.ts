"use server";

import { z } from "zod";
import { zIntPk } from "@/lib/api/zod-fields";
import { defineAction } from "@/lib/server-actions/define-action";
import { createServiceAccount } from "@/lib/tokens/create-service-account";
import { ZServiceAccountCreate } from "@/lib/tokens/validation";
import { createUser, deleteUser, setUserPassword, updateUser } from "@/lib/users/mutations";
import { ZSetPassword, ZUserCreate, ZUserPatch } from "@/lib/users/validation";

const ZId = zIntPk("Expected a user pk.");

export const createUserAction = defineAction("admin", ZUserCreate, async ({ actor, db, input }) => {
  const user = await createUser(db, actor, input);
  return { id: user.id, username: user.username };
});

export const updateUserAction = defineAction("admin", ZUserPatch.extend({ id: ZId }), async ({ actor, db, input }) => {
  const { id, ...patch } = input;
  const user = await updateUser(db, actor, id, patch);
  return { id: user.id, username: user.username };
});

export const setUserPasswordAction = defineAction(
  "admin",
  ZSetPassword.extend({ id: ZId }),
  async ({ actor, db, input }) => {
    await setUserPassword(db, actor, input.id, input.password);
    return null;
  },
);

export const deleteUserAction = defineAction("admin", z.object({ id: ZId }), async ({ actor, db, input }) => {
  await deleteUser(db, actor, input.id);
  return null;
});

/** authentik's "Create service account": the account and its token together; the key is shown once. */
export const createServiceAccountAction = defineAction("admin", ZServiceAccountCreate, async ({ actor, db, input }) => {
  const created = await createServiceAccount(db, actor, input);
  return { id: created.user_pk, username: created.username, key: created.token, identifier: created.token_identifier };
});
