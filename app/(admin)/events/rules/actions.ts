"use server";

import { z } from "zod";
import { createBinding, deleteBinding, updateBinding } from "@/lib/policies/binding-mutations";
import { ZBindingCreate } from "@/lib/policies/validation";
import { createRule, deleteRule, updateRule } from "@/lib/rules/mutations";
import { ZRuleCreate } from "@/lib/rules/validation";
import { defineAction } from "@/lib/server-actions/define-action";

const ZUuid = z.uuid({ error: "Must be a valid UUID." });

export const saveRuleAction = defineAction(
  "admin",
  ZRuleCreate.extend({ uuid: ZUuid.optional() }),
  async ({ actor, db, input }) => {
    const { uuid, ...fields } = input;
    const rule = uuid ? await updateRule(db, actor, uuid, fields) : await createRule(db, actor, fields);
    return { uuid: rule.pbmUuid, name: rule.name };
  },
);

export const deleteRuleAction = defineAction("admin", z.object({ uuid: ZUuid }), async ({ actor, db, input }) => {
  await deleteRule(db, actor, input.uuid);
  return null;
});

export const createBindingAction = defineAction("admin", ZBindingCreate, async ({ actor, db, input }) => {
  const binding = await createBinding(db, actor, input);
  return { uuid: binding.policyBindingUuid };
});

export const toggleBindingAction = defineAction(
  "admin",
  z.object({ uuid: ZUuid, enabled: z.boolean() }),
  async ({ actor, db, input }) => {
    await updateBinding(db, actor, input.uuid, { enabled: input.enabled });
    return null;
  },
);

export const deleteBindingAction = defineAction("admin", z.object({ uuid: ZUuid }), async ({ actor, db, input }) => {
  await deleteBinding(db, actor, input.uuid);
  return null;
});
