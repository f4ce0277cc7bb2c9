import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { eq } from "drizzle-orm";
import { groupMembers, groups, tokens, users } from "@/db/schema";
import type { TActor } from "@/lib/actor";
import type { AppError } from "@/lib/errors";
import { adminActor, userActor } from "@/lib/testing/actors";
import { testBackends } from "@/lib/testing/test-db";
import { createUser, setUserPassword } from "@/lib/users/mutations";
import { authenticateTokenKey } from "./authenticate-token";
import { createServiceAccount, SERVICE_ACCOUNT_PATH } from "./create-service-account";
import { ZServiceAccountCreate } from "./validation";

for (const backend of testBackends()) {
  describe(`service accounts (${backend.name})`, () => {
    let handle: Awaited<ReturnType<typeof backend.open>>;
    let admin: TActor;
    before(async () => {
      handle = await backend.open();
      const root = await createUser(handle.db, adminActor(), {
        username: "root",
        name: "",
        email: "",
        is_active: true,
        is_superuser: true,
        groups: [],
        attributes: {},
        path: "users",
        type: "internal",
      });
      admin = adminActor(root.id, "root");
    });
    after(async () => {
      await handle.dispose();
    });

    it("creates a password-less service account with an ingest-only token that authenticates", async () => {
      const created = await createServiceAccount(handle.db, admin, ZServiceAccountCreate.parse({ name: "siem.feed" }));
      assert.equal(created.username, "siem.feed");
      assert.equal(created.token_identifier, "service-account-siemfeed-password");
      assert.deepEqual(created.scopes, ["events:write"]);
      assert.equal(created.group_pk, undefined);
      const [user] = await handle.db.select().from(users).where(eq(users.id, created.user_pk));
      assert.equal(user.type, "service_account");
      assert.equal(user.passwordHash, null);
      assert.equal(user.isSuperuser, false);
      assert.equal(user.path, SERVICE_ACCOUNT_PATH);
      assert.equal(created.user_uid, user.uuid.replaceAll("-", ""));
      const auth = await authenticateTokenKey(handle.db, created.token);
      assert.equal(auth.ok, true);
      assert.equal(auth.ok && auth.token.intent, "app_password");
      assert.deepEqual(auth.ok && auth.token.scopes, ["events:write"]);
    });

    it("creates the group of the same name on request, with the account in it", async () => {
      const created = await createServiceAccount(
        handle.db,
        admin,
        ZServiceAccountCreate.parse({ name: "exporter", create_group: true, scopes: ["events:read"], expiring: false }),
      );
      assert.ok(created.group_pk);
      const [group] = await handle.db.select().from(groups).where(eq(groups.uuid, created.group_pk));
      assert.equal(group.name, "exporter");
      const members = await handle.db.select().from(groupMembers).where(eq(groupMembers.groupUuid, group.uuid));
      assert.deepEqual(
        members.map((member) => member.userId),
        [created.user_pk],
      );
      const [token] = await handle.db.select().from(tokens).where(eq(tokens.identifier, created.token_identifier));
      assert.equal(token.expiring, false);
    });

    it("leaves nothing behind when a part fails, and names the field", async () => {
      await assert.rejects(
        createServiceAccount(handle.db, admin, ZServiceAccountCreate.parse({ name: "exporter" })),
        (error: AppError) => error.code === "validation" && Boolean(error.fieldErrors?.name),
      );
      await handle.db.insert(groups).values({ name: "taken" });
      await assert.rejects(
        createServiceAccount(handle.db, admin, ZServiceAccountCreate.parse({ name: "taken", create_group: true })),
        (error: AppError) => error.code === "validation" && Boolean(error.fieldErrors?.create_group),
      );
      assert.equal((await handle.db.select().from(users).where(eq(users.username, "taken"))).length, 0);
    });

    it("is for administrators only, and a service account is given no password", async () => {
      await assert.rejects(
        createServiceAccount(handle.db, userActor(99, "eve"), ZServiceAccountCreate.parse({ name: "eve-bot" })),
        (error: AppError) => error.code === "forbidden",
      );
      const [robot] = await handle.db.select().from(users).where(eq(users.username, "siem.feed"));
      await assert.rejects(setUserPassword(handle.db, admin, robot.id, "a-long-password"), (error: AppError) =>
        Boolean(error.fieldErrors?.password),
      );
    });

    it("refuses empty or unknown scopes", () => {
      for (const scopes of [[], ["root"]]) {
        assert.equal(ZServiceAccountCreate.safeParse({ name: "x", scopes }).success, false);
      }
    });
  });
}
