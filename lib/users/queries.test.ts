import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { createGroup } from "@/lib/groups/mutations";
import { getSerializedGroup, listGroups } from "@/lib/groups/queries";
import { ZGroupCreate, ZGroupListQuery } from "@/lib/groups/validation";
import { adminActor, userActor } from "@/lib/testing/actors";
import { testBackends } from "@/lib/testing/test-db";
import { createToken, revokeToken } from "@/lib/tokens/mutations";
import { getSerializedToken, listTokens } from "@/lib/tokens/queries";
import { ZTokenCreate, ZTokenListQuery } from "@/lib/tokens/validation";
import { createUser } from "./mutations";
import { getSerializedUser, listUsers, sessionUser } from "./queries";
import { ZUserCreate, ZUserListQuery } from "./validation";

/** The directory's read side: lists, filters, ordering, serializer shapes and token scoping. */
for (const backend of testBackends()) {
  describe(`directory queries (${backend.name})`, () => {
    let handle: Awaited<ReturnType<typeof backend.open>>;
    const admin = adminActor(1000, "root");
    const ids: Record<string, number> = {};
    let opsUuid = "";
    let childUuid = "";
    before(async () => {
      handle = await backend.open();
      for (const [username, extra] of [
        ["anna", { email: "anna@corp.test", name: "Anna Ops" }],
        ["bert", { email: "bert@corp.test", is_active: false }],
        ["carl", { email: "carl@else.test", is_superuser: true }],
        ["dora_x", { email: "dora@corp.test" }],
      ] as const) {
        ids[username] = (await createUser(handle.db, admin, ZUserCreate.parse({ username, ...extra }))).id;
      }
      const ops = await createGroup(handle.db, admin, ZGroupCreate.parse({ name: "ops", users: [ids.anna, ids.bert] }));
      opsUuid = ops.uuid;
      childUuid = (
        await createGroup(
          handle.db,
          admin,
          ZGroupCreate.parse({ name: "ops-oncall", parent: ops.uuid, users: [ids.dora_x] }),
        )
      ).uuid;
    });
    after(async () => handle.dispose());

    const users = (query: Record<string, unknown>) => listUsers(handle.db, ZUserListQuery.parse(query));
    const names = (page: { results: { username: string }[] }) => page.results.map((row) => row.username);

    it("lists users with authentik pagination, ordering and filters", async () => {
      const all = await users({ page_size: "2" });
      assert.deepEqual(names(all), ["anna", "bert"]);
      assert.deepEqual(
        { ...all.pagination },
        { next: 2, previous: 0, count: 4, current: 1, total_pages: 2, start_index: 1, end_index: 2 },
      );
      assert.deepEqual(names(await users({ ordering: "-username" })), ["dora_x", "carl", "bert", "anna"]);
      assert.deepEqual(names(await users({ is_active: "false" })), ["bert"]);
      assert.deepEqual(names(await users({ is_superuser: "true" })), ["carl"]);
      assert.deepEqual(names(await users({ search: "corp.test" })), ["anna", "bert", "dora_x"]);
      assert.deepEqual(names(await users({ search: "OPS" })), ["anna"], "search covers name, case-insensitively");
      assert.deepEqual(names(await users({ search: "_" })), ["dora_x"], "_ is a literal, not a wildcard");
      assert.deepEqual(names(await users({ groups_by_name: ["ops"] })), ["anna", "bert"]);
      assert.deepEqual(names(await users({ groups_by_pk: [childUuid] })), ["dora_x"]);
    });

    it("serializes a user in authentik's shape with its groups", async () => {
      const anna = await getSerializedUser(handle.db, ids.anna);
      assert.equal(anna.pk, ids.anna);
      assert.equal(anna.name, "Anna Ops");
      assert.deepEqual(anna.groups, [opsUuid]);
      assert.deepEqual(
        anna.groups_obj?.map((group) => group.name),
        ["ops"],
      );
      assert.equal(anna.uid, anna.uuid.replaceAll("-", ""));
      assert.equal("password" in anna || "passwordHash" in anna, false, "no password material");
      await assert.rejects(getSerializedUser(handle.db, 999_999), { code: "not_found" });
    });

    it("lists groups with members, parents and children", async () => {
      const page = await listGroups(handle.db, ZGroupListQuery.parse({}));
      assert.deepEqual(
        page.results.map((group) => group.name),
        ["ops", "ops-oncall"],
      );
      const ops = page.results[0];
      assert.deepEqual(ops.users.sort(), [ids.anna, ids.bert].sort());
      assert.deepEqual(
        ops.users_obj?.map((user) => user.username),
        ["anna", "bert"],
      );
      assert.deepEqual(ops.children, [childUuid]);
      const child = await getSerializedGroup(handle.db, childUuid);
      assert.deepEqual(child.parents, [opsUuid]);
      assert.equal(child.parent_name, "ops");
      assert.deepEqual(
        child.parents_obj?.map((group) => group.name),
        ["ops"],
      );
      const withDora = await listGroups(handle.db, ZGroupListQuery.parse({ members_by_username: ["dora_x"] }));
      assert.deepEqual(
        withDora.results.map((group) => group.name),
        ["ops-oncall"],
      );
      const noUsers = await listGroups(handle.db, ZGroupListQuery.parse({ include_users: "false" }));
      assert.equal(noUsers.results[0].users_obj, null);
    });

    it("scopes token lists to the owner for non-admins and reports status", async () => {
      const anna = userActor(ids.anna, "anna");
      await createToken(handle.db, admin, ZTokenCreate.parse({ identifier: "anna-ci", user: ids.anna }));
      await createToken(handle.db, admin, ZTokenCreate.parse({ identifier: "carl-ci", user: ids.carl }));
      await createToken(handle.db, admin, ZTokenCreate.parse({ identifier: "anna-old", user: ids.anna }));
      await revokeToken(handle.db, admin, "anna-old");
      const query = (input: Record<string, unknown>) => ZTokenListQuery.parse(input);
      const mine = await listTokens(handle.db, anna, query({}));
      assert.deepEqual(
        mine.results.map((token) => token.identifier),
        ["anna-ci", "anna-old"],
      );
      const everyone = await listTokens(handle.db, admin, query({}));
      assert.equal(everyone.pagination.count, 3);
      const revoked = await listTokens(handle.db, admin, query({ status: "revoked" }));
      assert.deepEqual(
        revoked.results.map((token) => [token.identifier, token.status]),
        [["anna-old", "revoked"]],
      );
      const active = await listTokens(handle.db, admin, query({ status: "active" }));
      assert.deepEqual(
        active.results.map((token) => token.identifier),
        ["anna-ci", "carl-ci"],
      );
      const ci = await getSerializedToken(handle.db, anna, "anna-ci");
      assert.equal(ci.user_obj.username, "anna");
      assert.equal("key" in ci || "keyHash" in ci, false, "the key never leaves creation");
      await assert.rejects(
        getSerializedToken(handle.db, anna, "carl-ci"),
        { code: "not_found" },
        "someone else's token is invisible",
      );
    });

    it("describes the caller as authentik's SessionUser", async () => {
      const me = await sessionUser(handle.db, userActor(ids.anna, "anna"));
      assert.equal(me.user.username, "anna");
      assert.equal(me.user.is_superuser, false);
      assert.deepEqual(me.user.groups, [{ name: "ops", pk: opsUuid }]);
    });
  });
}
