import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { and, eq, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { events, type TGroup, type TPolicy, type TRule, type TUser } from "@/db/schema";
import type { AppError } from "@/lib/errors";
import { adminActor } from "@/lib/testing/actors";
import { testBackends } from "@/lib/testing/test-db";
import { createBinding, deleteBinding, updateBinding } from "./binding-mutations";
import { getSerializedBinding, listBindings } from "./binding-queries";
import { makeGroup, makeMatcher, makeRule, makeUser } from "./test-fixtures";
import { ZBindingCreate, ZBindingListQuery, ZBindingPatch } from "./validation";

const fieldErrors = (error: unknown) => (error as AppError).fieldErrors ?? {};

describe("binding validation (zod)", () => {
  const target = "6f1c2b1e-5b1a-4c1e-9a1e-1b1e1c1e1d1e";
  it("requires target and order, defaults the rest as authentik", () => {
    assert.deepEqual(ZBindingCreate.parse({ target, order: 0, group: target }), {
      target,
      order: 0,
      group: target,
      negate: false,
      enabled: true,
      timeout: 30,
      failure_result: false,
    });
    const missing = ZBindingCreate.safeParse({});
    assert.deepEqual(missing.error?.issues.map((i) => i.path[0]).sort(), ["order", "target"]);
  });
  it("rejects a negative timeout, non-integer order and malformed uuids, naming the field", () => {
    for (const [input, field] of [
      [{ timeout: -1 }, "timeout"],
      [{ order: 1.5 }, "order"],
      [{ order: 2 ** 31 }, "order"],
      [{ policy: "nope" }, "policy"],
      [{ user: "3" }, "user"],
      [{ negate: "true" }, "negate"],
    ] as const) {
      const result = ZBindingPatch.safeParse(input);
      assert.deepEqual(
        result.error?.issues.map((i) => i.path[0]),
        [field],
        JSON.stringify(input),
      );
    }
  });
});

for (const backend of testBackends()) {
  describe(`policy bindings CRUD (${backend.name})`, () => {
    let handle: Awaited<ReturnType<typeof backend.open>>;
    let db: Db;
    let rule: TRule, policy: TPolicy, group: TGroup, user: TUser;
    before(async () => {
      handle = await backend.open();
      db = handle.db;
      rule = await makeRule(db, { name: "alerts" });
      policy = await makeMatcher(db, { matchAction: "login" });
      group = await makeGroup(db, null, "ops");
      user = await makeUser(db);
    });
    after(async () => {
      await handle.dispose();
    });

    const create = (input: Record<string, unknown>) =>
      createBinding(db, adminActor(), ZBindingCreate.parse({ target: rule.pbmUuid, ...input }));

    it("creates policy, group and user bindings with authentik's shape, audited", async () => {
      const binding = await create({ policy: policy.policyUuid, order: 10 });
      const serialized = await getSerializedBinding(db, binding.policyBindingUuid);
      assert.equal(serialized.policy_obj?.name, policy.name);
      assert.equal(serialized.policy_obj?.bound_to, 1);
      assert.deepEqual(
        [serialized.group_obj, serialized.user_obj, serialized.timeout, serialized.expires],
        [null, null, 30, null],
      );
      const groupBinding = await getSerializedBinding(
        db,
        (await create({ group: group.uuid, order: 10 })).policyBindingUuid,
      );
      assert.equal(groupBinding.group_obj?.name, "ops");
      const userBinding = await getSerializedBinding(
        db,
        (await create({ user: user.id, order: 11 })).policyBindingUuid,
      );
      assert.equal(userBinding.user_obj?.username, user.username);
      const [audit] = await db
        .select()
        .from(events)
        .where(
          and(
            eq(events.action, "model_created"),
            sql`${events.context}->'model'->>'pk' = ${binding.policyBindingUuid.replaceAll("-", "")}`,
          ),
        );
      assert.equal((audit.context.model as { name: string }).name, `Binding from alerts #10 to ${policy.name}`);
    });

    it("requires exactly one of policy, group or user", async () => {
      await assert.rejects(create({ policy: policy.policyUuid, group: group.uuid, order: 1 }), (error) => {
        assert.deepEqual(fieldErrors(error).non_field_errors, ["Only one of 'policy', 'group' or 'user' can be set."]);
        assert.ok(fieldErrors(error).policy && fieldErrors(error).group);
        return true;
      });
      await assert.rejects(create({ order: 1 }), (error) => {
        assert.deepEqual(fieldErrors(error).non_field_errors, ["One of 'policy', 'group' or 'user' must be set."]);
        return true;
      });
    });

    it("names the field when the target or the bound object does not exist", async () => {
      const ghost = "6f1c2b1e-5b1a-4c1e-9a1e-1b1e1c1e1d1e";
      await assert.rejects(
        createBinding(db, adminActor(), ZBindingCreate.parse({ target: ghost, order: 1, group: group.uuid })),
        (e) => Boolean(fieldErrors(e).target),
      );
      await assert.rejects(create({ policy: ghost, order: 1 }), (e) => Boolean(fieldErrors(e).policy));
      await assert.rejects(create({ group: ghost, order: 1 }), (e) => Boolean(fieldErrors(e).group));
      await assert.rejects(create({ user: 999_999, order: 1 }), (e) => Boolean(fieldErrors(e).user));
    });

    it("refuses a second binding of the same policy to the same rule at the same order", async () => {
      const other = await makeMatcher(db, { matchAction: "logout" });
      await create({ policy: other.policyUuid, order: 3 });
      await assert.rejects(create({ policy: other.policyUuid, order: 3 }), (error) => {
        assert.deepEqual(fieldErrors(error).non_field_errors, [
          "The fields policy, target, order must make a unique set.",
        ]);
        return true;
      });
      await create({ policy: other.policyUuid, order: 4 });
    });

    it("PATCH merges, PUT replaces, switching the subject needs the old one cleared", async () => {
      const binding = await create({ group: group.uuid, order: 50 });
      const patched = await updateBinding(
        db,
        adminActor(),
        binding.policyBindingUuid,
        ZBindingPatch.parse({ negate: true, timeout: 5 }),
      );
      assert.deepEqual([patched.negate, patched.timeout, patched.group], [true, 5, group.uuid]);
      await assert.rejects(
        updateBinding(db, adminActor(), binding.policyBindingUuid, ZBindingPatch.parse({ user: user.id })),
        (e) => Boolean(fieldErrors(e).non_field_errors),
      );
      const switched = await updateBinding(
        db,
        adminActor(),
        binding.policyBindingUuid,
        ZBindingPatch.parse({ user: user.id, group: null }),
      );
      assert.deepEqual([switched.user, switched.group], [user.id, null]);
      const replaced = await updateBinding(
        db,
        adminActor(),
        binding.policyBindingUuid,
        ZBindingCreate.parse({ target: rule.pbmUuid, order: 51, group: group.uuid }),
        true,
      );
      assert.deepEqual(
        [replaced.user, replaced.group, replaced.negate, replaced.timeout],
        [null, group.uuid, false, 30],
      );
    });

    it("lists with target/policy/enabled filters ordered by target and order; deletes with an audit event", async () => {
      const page = await listBindings(db, ZBindingListQuery.parse({ target: rule.pbmUuid, policy__isnull: "false" }));
      assert.ok(page.results.length >= 2);
      assert.ok(page.results.every((b) => b.policy !== null));
      const orders = page.results.map((b) => b.order);
      assert.deepEqual(
        orders,
        [...orders].sort((a, b) => a - b),
      );
      const byPolicy = await listBindings(db, ZBindingListQuery.parse({ policy: policy.policyUuid }));
      assert.equal(byPolicy.pagination.count, 1);
      const searched = await listBindings(db, ZBindingListQuery.parse({ search: policy.name.slice(0, 8) }));
      assert.ok(searched.results.some((b) => b.policy === policy.policyUuid));
      const target = byPolicy.results[0].pk;
      await deleteBinding(db, adminActor(), target);
      assert.equal(
        (await listBindings(db, ZBindingListQuery.parse({ policy: policy.policyUuid }))).pagination.count,
        0,
      );
      await assert.rejects(deleteBinding(db, adminActor(), target), (e) => (e as AppError).code === "not_found");
    });
  });
}
