import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { eq } from "drizzle-orm";
import { events } from "@/db/schema";
import { verifyPassword } from "@/lib/credentials/password";
import { SECRET_MASK } from "@/lib/events/mask-secrets";
import { adminActor, userActor } from "@/lib/testing/actors";
import { testBackends } from "@/lib/testing/test-db";
import { changeOwnPassword, createUser, setUserPassword, updateOwnProfile, updateUser } from "./mutations";
import { findUserById } from "./queries";
import { ZChangeOwnPassword, ZUserCreate } from "./validation";

for (const backend of testBackends()) {
  describe(`users (${backend.name})`, () => {
    let handle: Awaited<ReturnType<typeof backend.open>>;
    before(async () => {
      handle = await backend.open();
    });
    after(async () => {
      await handle.dispose();
    });

    it("creates a user with a hashed password and audits it in the same transaction", async () => {
      const user = await createUser(handle.db, adminActor(), {
        username: "alice",
        name: "Alice",
        email: "alice@example.test",
        is_active: true,
        is_superuser: false,
        password: "correct horse",
        groups: [],
        attributes: {},
        path: "users",
        type: "internal",
      });
      assert.notEqual(user.passwordHash, "correct horse");
      assert.equal(await verifyPassword("correct horse", user.passwordHash), true);
      const audit = await handle.db.select().from(events).where(eq(events.action, "model_created"));
      const entry = audit.find((row) => (row.context.model as { pk: number }).pk === user.id);
      assert.ok(entry, "model_created event recorded");
      const diff = entry.context.diff as Record<string, { previous_value: unknown; new_value: unknown }>;
      assert.equal(diff.username.new_value, "alice");
      assert.equal(diff.password.new_value, SECRET_MASK);
    });

    it("rejects a duplicate username case-insensitively with a field error", async () => {
      await assert.rejects(
        createUser(handle.db, adminActor(), {
          username: "ALICE",
          name: "",
          email: "",
          is_active: true,
          is_superuser: false,
          groups: [],
          attributes: {},
          path: "users",
          type: "internal",
        }),
        (error: { fieldErrors?: Record<string, string[]> }) => Boolean(error.fieldErrors?.username),
      );
    });

    it("records only changed fields on update, and password changes masked", async () => {
      const user = await createUser(handle.db, adminActor(), {
        username: "bob",
        name: "Bob",
        email: "",
        is_active: true,
        is_superuser: false,
        groups: [],
        attributes: {},
        path: "users",
        type: "internal",
      });
      await updateUser(handle.db, adminActor(), user.id, { name: "Robert" });
      await setUserPassword(handle.db, adminActor(), user.id, "another secret");
      const updates = (await handle.db.select().from(events).where(eq(events.action, "model_updated"))).filter(
        (row) => (row.context.model as { pk: number }).pk === user.id,
      );
      assert.equal(updates.length, 2);
      // Both rows can share a timestamp, so tell them apart by content rather than by order.
      const diffs = updates.map((row) => row.context.diff as Record<string, { new_value: unknown }>);
      const nameDiff = diffs.find((diff) => "name" in diff);
      const passwordDiff = diffs.find((diff) => "password" in diff)?.password;
      assert.deepEqual(Object.keys(nameDiff ?? {}).sort(), ["name"]);
      assert.ok(passwordDiff, "the password change is audited");
      assert.equal(passwordDiff.new_value, SECRET_MASK);
      assert.equal(
        await verifyPassword("another secret", (await findUserById(handle.db, user.id))?.passwordHash),
        true,
      );
    });

    it("ends the user's sessions (raises session_epoch) on a new password and on deactivation only", async () => {
      const user = await createUser(handle.db, adminActor(), ZUserCreate.parse({ username: "epoch-user" }));
      const epoch = async () => (await findUserById(handle.db, user.id))?.sessionEpoch;
      assert.equal(await epoch(), 0);
      await updateUser(handle.db, adminActor(), user.id, { name: "Renamed", is_active: true, is_superuser: false });
      assert.equal(await epoch(), 0, "other changes keep the sessions");
      await setUserPassword(handle.db, adminActor(), user.id, "reset-password-1");
      assert.equal(await epoch(), 1);
      await updateUser(handle.db, adminActor(), user.id, { is_active: false });
      assert.equal(await epoch(), 2);
      await updateUser(handle.db, adminActor(), user.id, { is_active: true });
      assert.equal(await epoch(), 2, "reactivating does not bring old sessions back");
      const audits = (await handle.db.select().from(events).where(eq(events.action, "model_updated"))).filter(
        (row) => (row.context.model as { pk: number }).pk === user.id,
      );
      assert.doesNotMatch(JSON.stringify(audits), /session_?epoch/i, "the epoch is bookkeeping, not audited");
    });
  });
}

for (const backend of testBackends()) {
  describe(`self-service (${backend.name})`, () => {
    let handle: Awaited<ReturnType<typeof backend.open>>;
    let id = 0;
    before(async () => {
      handle = await backend.open();
      id = (
        await createUser(handle.db, adminActor(), ZUserCreate.parse({ username: "sam", password: "old-password-1" }))
      ).id;
    });
    after(async () => handle.dispose());

    it("changes only name and email", async () => {
      await updateOwnProfile(handle.db, userActor(id, "sam"), { name: "Sam S.", email: "sam@example.test" });
      const user = await findUserById(handle.db, id);
      assert.equal(user?.name, "Sam S.");
      assert.equal(user?.email, "sam@example.test");
      assert.equal(user?.isSuperuser, false);
    });

    it("refuses a wrong current password on its field and accepts the right one", async () => {
      await assert.rejects(
        changeOwnPassword(handle.db, userActor(id, "sam"), "not-it", "new-password-2"),
        (error: { fieldErrors?: Record<string, string[]> }) => {
          assert.deepEqual(error.fieldErrors, { current_password: ["The current password is not correct."] });
          return true;
        },
      );
      await changeOwnPassword(handle.db, userActor(id, "sam"), "old-password-1", "new-password-2");
      const user = await findUserById(handle.db, id);
      assert.equal(await verifyPassword("new-password-2", user?.passwordHash), true);
      assert.equal(await verifyPassword("old-password-1", user?.passwordHash), false);
      assert.equal(user?.sessionEpoch, 1, "changing one's own password ends one's sessions too");
    });

    it("rejects reusing the current password as the new one", () => {
      const parsed = ZChangeOwnPassword.safeParse({ current_password: "same-password", password: "same-password" });
      assert.equal(parsed.success, false);
      assert.deepEqual(parsed.error?.issues[0].path, ["password"]);
    });
  });
}
