import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { after, before, describe, it } from "node:test";
import { eq } from "drizzle-orm";
import { events, groupMembers, groups, type TEvent } from "@/db/schema";
import type { AppError } from "@/lib/errors";
import { adminActor } from "@/lib/testing/actors";
import { testBackends } from "@/lib/testing/test-db";
import { createUser } from "@/lib/users/mutations";
import { addGroupMember, createGroup, deleteGroup, removeGroupMember, updateGroup } from "./mutations";
import { groupModelRef } from "./serialize";
import { ZGroupCreate } from "./validation";

const group = (input: Record<string, unknown>) => ZGroupCreate.parse(input);

function isFieldError(field: string, pattern?: RegExp) {
  return (error: AppError) => {
    assert.equal(error.code, "validation");
    const messages = error.fieldErrors?.[field];
    assert.ok(messages?.length, `expected an error on ${field}, got ${JSON.stringify(error.fieldErrors)}`);
    if (pattern) assert.match(messages[0], pattern);
    return true;
  };
}

for (const backend of testBackends()) {
  describe(`groups (${backend.name})`, () => {
    let handle: Awaited<ReturnType<typeof backend.open>>;
    let alice: number;
    let bob: number;
    const admin = adminActor(1000, "root");
    before(async () => {
      handle = await backend.open();
      const base = {
        name: "",
        email: "",
        is_active: true,
        is_superuser: false,
        groups: [],
        attributes: {},
        path: "users",
        type: "internal" as const,
      };
      alice = (await createUser(handle.db, admin, { ...base, username: "alice" })).id;
      bob = (await createUser(handle.db, admin, { ...base, username: "bob" })).id;
    });
    after(async () => {
      await handle.dispose();
    });
    const auditOf = async (uuid: string): Promise<TEvent[]> => {
      const pk = uuid.replaceAll("-", "");
      const rows = await handle.db.select().from(events);
      return rows
        .filter((row) => (row.context.model as { pk?: string; model_name?: string } | undefined)?.pk === pk)
        .sort((a, b) => a.created.getTime() - b.created.getTime());
    };
    // Events written in the same millisecond have no defined order, so compare update diffs as a sorted list.
    const updateDiffs = async (uuid: string) =>
      (await auditOf(uuid))
        .filter((row) => row.action === "model_updated")
        .map((row) => row.context.diff)
        .sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)));
    const members = async (uuid: string) =>
      (await handle.db.select().from(groupMembers).where(eq(groupMembers.groupUuid, uuid)))
        .map((row) => row.userId)
        .sort();

    it("creates a group with members and audits it as model_created", async () => {
      const created = await createGroup(
        handle.db,
        admin,
        group({ name: "ops", users: [alice, alice], attributes: { on_call: true } }),
      );
      assert.deepEqual(await members(created.uuid), [alice]);
      const [audit] = await auditOf(created.uuid);
      assert.equal(audit.action, "model_created");
      assert.deepEqual(audit.context.model, groupModelRef(created));
      assert.deepEqual(audit.user, { pk: 1000, username: "root", email: "root@example.test" });
      const diff = audit.context.diff as Record<string, { previous_value: unknown; new_value: unknown }>;
      assert.deepEqual(diff.name, { previous_value: null, new_value: "ops" });
      assert.deepEqual(diff.users, { previous_value: null, new_value: [alice] });
      assert.deepEqual(diff.attributes, { previous_value: null, new_value: { on_call: true } });
    });

    it("rejects a duplicate name, unknown members and an unknown parent on the right field", async () => {
      await assert.rejects(
        createGroup(handle.db, admin, group({ name: "ops" })),
        isFieldError("name", /already exists/),
      );
      await assert.rejects(
        createGroup(handle.db, admin, group({ name: "x1", users: [424242] })),
        isFieldError("users", /424242/),
      );
      await assert.rejects(
        createGroup(handle.db, admin, group({ name: "x2", parent: randomUUID() })),
        isFieldError("parents", /does not exist/),
      );
      assert.equal(
        (await handle.db.select().from(groups).where(eq(groups.name, "x1"))).length,
        0,
        "nothing half-created",
      );
    });

    it("renames and records only the name change", async () => {
      const created = await createGroup(handle.db, admin, group({ name: "before-rename" }));
      const renamed = await updateGroup(handle.db, admin, created.uuid, { name: "after-rename" });
      assert.equal(renamed.name, "after-rename");
      const updates = (await auditOf(created.uuid)).filter((row) => row.action === "model_updated");
      assert.equal(updates.length, 1);
      assert.deepEqual(updates[0].context.diff, {
        name: { previous_value: "before-rename", new_value: "after-rename" },
      });
      assert.equal((updates[0].context.model as { name: string }).name, "after-rename");
      await assert.rejects(updateGroup(handle.db, admin, created.uuid, { name: "ops" }), isFieldError("name"));
      await assert.rejects(
        updateGroup(handle.db, admin, randomUUID(), { name: "z" }),
        (error: AppError) => error.code === "not_found",
      );
    });

    it("accepts a parent but rejects itself or a descendant as parent (cycle)", async () => {
      const root = await createGroup(handle.db, admin, group({ name: "root" }));
      const child = await createGroup(handle.db, admin, group({ name: "child", parents: [root.uuid] }));
      const grandchild = await createGroup(handle.db, admin, group({ name: "grandchild", parent: child.uuid }));
      assert.equal(child.parentUuid, root.uuid);
      assert.equal(grandchild.parentUuid, child.uuid);
      await assert.rejects(
        updateGroup(handle.db, admin, root.uuid, { parent: root.uuid }),
        isFieldError("parents", /own parent|descendants/),
      );
      await assert.rejects(
        updateGroup(handle.db, admin, root.uuid, { parents: [grandchild.uuid] }),
        isFieldError("parents", /descendants/),
      );
      await assert.rejects(
        updateGroup(handle.db, admin, child.uuid, { parent: grandchild.uuid }),
        isFieldError("parents"),
      );
      const [unchanged] = await handle.db.select().from(groups).where(eq(groups.uuid, root.uuid));
      assert.equal(unchanged.parentUuid, null);
      // Moving to a non-descendant is fine, and clearing the parent too.
      const moved = await updateGroup(handle.db, admin, grandchild.uuid, { parent: root.uuid });
      assert.equal(moved.parentUuid, root.uuid);
      assert.equal((await updateGroup(handle.db, admin, grandchild.uuid, { parents: [] })).parentUuid, null);
    });

    it("audits adding and removing one member as {users: {add|remove: [pk]}}", async () => {
      const team = await createGroup(handle.db, admin, group({ name: "team" }));
      await addGroupMember(handle.db, admin, team.uuid, bob);
      await addGroupMember(handle.db, admin, team.uuid, bob); // already a member: no change, no event
      assert.deepEqual(await members(team.uuid), [bob]);
      await removeGroupMember(handle.db, admin, team.uuid, bob);
      await removeGroupMember(handle.db, admin, team.uuid, bob);
      assert.deepEqual(await members(team.uuid), []);
      assert.deepEqual(await updateDiffs(team.uuid), [{ users: { add: [bob] } }, { users: { remove: [bob] } }]);
      await assert.rejects(addGroupMember(handle.db, admin, team.uuid, 424242), isFieldError("users"));
    });

    it("replacing the member list audits the additions and removals separately", async () => {
      const crew = await createGroup(handle.db, admin, group({ name: "crew", users: [alice] }));
      await updateGroup(handle.db, admin, crew.uuid, { users: [bob] });
      assert.deepEqual(await members(crew.uuid), [bob]);
      assert.deepEqual(await updateDiffs(crew.uuid), [{ users: { add: [bob] } }, { users: { remove: [alice] } }]);
      // An empty patch (or the same members again) changes nothing and records nothing.
      await updateGroup(handle.db, admin, crew.uuid, {});
      await updateGroup(handle.db, admin, crew.uuid, { users: [bob] });
      assert.equal((await auditOf(crew.uuid)).length, 3);
    });

    it("deletes a group and audits model_deleted with its model_state", async () => {
      const doomed = await createGroup(
        handle.db,
        admin,
        group({ name: "doomed", users: [alice, bob], attributes: { api_key: "k" } }),
      );
      await deleteGroup(handle.db, admin, doomed.uuid);
      assert.equal((await handle.db.select().from(groups).where(eq(groups.uuid, doomed.uuid))).length, 0);
      assert.deepEqual(await members(doomed.uuid), []);
      const deleted = (await auditOf(doomed.uuid)).find((row) => row.action === "model_deleted");
      assert.ok(deleted, "model_deleted written");
      assert.equal("diff" in deleted.context, false);
      const state = deleted.context.model_state as Record<string, unknown>;
      assert.equal(state.name, "doomed");
      assert.deepEqual((state.users as number[]).sort(), [alice, bob].sort());
      assert.deepEqual(state.attributes, { api_key: "********************" });
      await assert.rejects(deleteGroup(handle.db, admin, doomed.uuid), (error: AppError) => error.code === "not_found");
    });
  });
}
