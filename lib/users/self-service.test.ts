import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { verifyPassword } from "@/lib/credentials/password";
import { adminActor, userActor } from "@/lib/testing/actors";
import { testBackends } from "@/lib/testing/test-db";
import { createUser } from "./mutations";
import { findUserById } from "./queries";
import { changeOwnPassword, updateOwnProfile } from "./self-service";
import { ZChangeOwnPassword, ZUserCreate } from "./validation";

for (const backend of testBackends()) {
  describe(`self-service (${backend.name})`, () => {
    let handle: Awaited<ReturnType<typeof backend.open>>;
    let id = 0;
    before(async () => {
      handle = await backend.open();
      id = (await createUser(handle.db, adminActor(), ZUserCreate.parse({ username: "sam", password: "old-password-1" }))).id;
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
      await assert.rejects(changeOwnPassword(handle.db, userActor(id, "sam"), "not-it", "new-password-2"), (error: { fieldErrors?: Record<string, string[]> }) => {
        assert.deepEqual(error.fieldErrors, { current_password: ["The current password is not correct."] });
        return true;
      });
      await changeOwnPassword(handle.db, userActor(id, "sam"), "old-password-1", "new-password-2");
      const user = await findUserById(handle.db, id);
      assert.equal(await verifyPassword("new-password-2", user?.passwordHash), true);
      assert.equal(await verifyPassword("old-password-1", user?.passwordHash), false);
    });

    it("rejects reusing the current password as the new one", () => {
      const parsed = ZChangeOwnPassword.safeParse({ current_password: "same-password", password: "same-password" });
      assert.equal(parsed.success, false);
      assert.deepEqual(parsed.error?.issues[0].path, ["password"]);
    });
  });
}
