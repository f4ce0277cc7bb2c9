import assert from "node:assert/strict";
import { after, afterEach, before, beforeEach, describe, it } from "node:test";
import { eq } from "drizzle-orm";
import { tokens, users } from "@/db/schema";
import { verifyPassword } from "@/lib/credentials/password";
import { resetEnvCache } from "@/lib/env";
import { testBackends } from "@/lib/testing/test-db";
import { authenticateTokenKey } from "@/lib/tokens/authenticate-token";
import { BOOTSTRAP_TOKEN_IDENTIFIER, BOOTSTRAP_USERNAME, bootstrap } from "./bootstrap";

const ENV_KEYS = ["HERALD_BOOTSTRAP_PASSWORD", "HERALD_BOOTSTRAP_TOKEN", "HERALD_BOOTSTRAP_EMAIL"] as const;
const saved = Object.fromEntries(ENV_KEYS.map((key) => [key, process.env[key]]));

function setEnv(values: Partial<Record<(typeof ENV_KEYS)[number], string>>) {
  for (const key of ENV_KEYS) {
    if (values[key] === undefined) delete process.env[key];
    else process.env[key] = values[key];
  }
  resetEnvCache();
}

for (const backend of testBackends()) {
  describe(`bootstrap (${backend.name})`, () => {
    let handle: Awaited<ReturnType<typeof backend.open>>;
    beforeEach(async () => {
      handle = await backend.open();
    });
    afterEach(async () => {
      await handle.dispose();
    });
    after(() => setEnv(saved));
    before(() => setEnv({}));

    it("creates the admin once with HERALD_BOOTSTRAP_PASSWORD and the bootstrap token; reruns change nothing", async () => {
      setEnv({
        HERALD_BOOTSTRAP_PASSWORD: "bootstrap-password-1",
        HERALD_BOOTSTRAP_TOKEN: "bootstrap-token-0123456789",
        HERALD_BOOTSTRAP_EMAIL: "ops@example.test",
      });
      const printed: string[] = [];
      await bootstrap(handle.db, (line) => printed.push(line));
      assert.equal(printed.length, 0, "a configured password is not printed");
      const admins = await handle.db.select().from(users).where(eq(users.username, BOOTSTRAP_USERNAME));
      assert.equal(admins.length, 1);
      const [admin] = admins;
      assert.equal(admin.isSuperuser, true);
      assert.equal(admin.isActive, true);
      assert.equal(admin.email, "ops@example.test");
      assert.equal(await verifyPassword("bootstrap-password-1", admin.passwordHash), true);

      const auth = await authenticateTokenKey(handle.db, "bootstrap-token-0123456789");
      assert.equal(auth.ok, true);
      assert.equal(auth.ok && auth.user.id, admin.id);
      assert.equal(auth.ok && auth.token.identifier, BOOTSTRAP_TOKEN_IDENTIFIER);
      assert.equal(auth.ok && auth.token.expiring, false);

      // Second start, even with a different password configured: nothing changes.
      setEnv({ HERALD_BOOTSTRAP_PASSWORD: "another-password-2", HERALD_BOOTSTRAP_TOKEN: "bootstrap-token-0123456789" });
      await bootstrap(handle.db, (line) => printed.push(line));
      const [again] = await handle.db.select().from(users).where(eq(users.username, BOOTSTRAP_USERNAME));
      assert.equal(again.passwordHash, admin.passwordHash, "password kept");
      assert.equal((await handle.db.select().from(users)).length, 1);
      assert.equal((await handle.db.select().from(tokens)).length, 1);
      assert.equal(printed.length, 0);
    });

    it("replaces the bootstrap token when HERALD_BOOTSTRAP_TOKEN changes", async () => {
      setEnv({ HERALD_BOOTSTRAP_PASSWORD: "bootstrap-password-1", HERALD_BOOTSTRAP_TOKEN: "first-token-0123456789" });
      await bootstrap(handle.db, () => {});
      setEnv({ HERALD_BOOTSTRAP_PASSWORD: "bootstrap-password-1", HERALD_BOOTSTRAP_TOKEN: "second-token-0123456789" });
      await bootstrap(handle.db, () => {});
      assert.deepEqual(await authenticateTokenKey(handle.db, "first-token-0123456789"), {
        ok: false,
        reason: "unknown",
      });
      assert.equal((await authenticateTokenKey(handle.db, "second-token-0123456789")).ok, true);
      assert.equal(
        (await handle.db.select().from(tokens).where(eq(tokens.identifier, BOOTSTRAP_TOKEN_IDENTIFIER))).length,
        1,
      );
    });

    it("without a configured password prints a generated one once, and it works", async () => {
      setEnv({});
      const printed: string[] = [];
      await bootstrap(handle.db, (line) => printed.push(line));
      assert.equal(printed.length, 1);
      const password = /Password \(shown once[^)]*\): (\S+)/.exec(printed[0])?.[1];
      assert.ok(password && password.length >= 20, "password printed");
      const [admin] = await handle.db.select().from(users).where(eq(users.username, BOOTSTRAP_USERNAME));
      assert.equal(await verifyPassword(password, admin.passwordHash), true);
      assert.equal((await handle.db.select().from(tokens)).length, 0, "no token without HERALD_BOOTSTRAP_TOKEN");
      await bootstrap(handle.db, (line) => printed.push(line));
      assert.equal(printed.length, 1, "not printed again");
    });
  });
}
