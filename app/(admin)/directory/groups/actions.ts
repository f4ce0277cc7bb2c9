"use server";

import { z } from "zod";
import { zIntPk } from "@/lib/api/zod-fields";
import { addGroupMember, createGroup, deleteGroup, removeGroupMember, updateGroup } from "@/lib/groups/mutations";
import { ZGroupCreate, ZGroupPatch } from "@/lib/groups/validation";
import { defineAction } from "@/lib/server-actions/define-action";

const ZUuid = z.uuid({ error: "Must be a valid UUID." });
const ZMember = z.object({ uuid: ZUuid, user: zIntPk() });

export const createGroupAction = defineAction("admin", ZGroupCreate, async ({ actor, db, input }) => {
  const group = await createGroup(db, actor, input);
  return { uuid: group.uuid, name: group.name };
});

export const updateGroupAction = defineAction(
  "admin",
  ZGroupPatch.extend({ uuid: ZUuid }),
  async ({ actor, db, input }) => {
    const { uuid, ...patch } = input;
    const group = await updateGroup(db, actor, uuid, patch);
    return { uuid: group.uuid, name: group.name };
  },
);

export const addMemberAction = defineAction("admin", ZMember, async ({ actor, db, input }) => {
  await addGroupMember(db, actor, input.uuid, input.user);
  return null;
});

export const removeMemberAction = defineAction("admin", ZMember, async ({ actor, db, input }) => {
  await removeGroupMember(db, actor, input.uuid, input.user);
  return null;
});

export const deleteGroupAction = defineAction("admin", z.object({ uuid: ZUuid }), async ({ actor, db, input }) => {
  await deleteGroup(db, actor, input.uuid);
  return null;
});
