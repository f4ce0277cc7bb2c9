"use server";

import { z } from "zod";
import { zIntPk } from "@/lib/api/zod-fields";
import { createPolicy, deletePolicy, updatePolicy } from "@/lib/policies/mutations";
import { policyUsedBy } from "@/lib/policies/queries";
import { tryPolicy } from "@/lib/policies/try-policy";
import { ZExpressionCreate, ZMatcherCreate } from "@/lib/policies/validation";
import { defineAction } from "@/lib/server-actions/define-action";

const ZUuid = z.uuid({ error: "Must be a valid UUID." });

/** Flat fields (so errors name the form field), discriminated by kind. */
const ZSavePolicy = z.discriminatedUnion("kind", [
  ZMatcherCreate.extend({ kind: z.literal("event_matcher"), uuid: ZUuid.optional() }),
  ZExpressionCreate.extend({ kind: z.literal("expression"), uuid: ZUuid.optional() }),
]);

export const savePolicyAction = defineAction("admin", ZSavePolicy, async ({ actor, db, input }) => {
  const { kind, uuid, ...fields } = input;
  const policyInput = { kind, fields } as Parameters<typeof createPolicy>[2];
  const policy = uuid ? await updatePolicy(db, actor, uuid, policyInput) : await createPolicy(db, actor, policyInput);
  return { uuid: policy.policyUuid, name: policy.name };
});

export const deletePolicyAction = defineAction("admin", z.object({ uuid: ZUuid }), async ({ actor, db, input }) => {
  await deletePolicy(db, actor, input.uuid);
  return null;
});

export const policyUsedByAction = defineAction("admin", z.object({ uuid: ZUuid }), async ({ db, input }) =>
  policyUsedBy(db, input.uuid),
);

/** Runs the policy against a stored event, as the given user; nothing is written except execution logs. */
export const testPolicyAction = defineAction(
  "admin",
  z.object({ uuid: ZUuid, event: ZUuid, user: zIntPk("Pick a user.") }),
  async ({ db, input }) => tryPolicy(db, input.uuid, { user: input.user, context: {}, event: input.event }),
);
