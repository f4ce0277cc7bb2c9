"use server";

import { defineAction } from "@/lib/server-actions/define-action";
import { changeOwnPassword, updateOwnProfile } from "@/lib/users/mutations";
import { ZChangeOwnPassword, ZOwnProfile } from "@/lib/users/validation";

export const updateOwnProfileAction = defineAction("user", ZOwnProfile, async ({ actor, db, input }) => {
  await updateOwnProfile(db, actor, input);
  return null;
});

export const changeOwnPasswordAction = defineAction("user", ZChangeOwnPassword, async ({ actor, db, input }) => {
  await changeOwnPassword(db, actor, input.current_password, input.password);
  return null;
});
