import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { eq } from "drizzle-orm";
import { events, tokens, users } from "@/db/schema";
import type { TActor } from "@/lib/actor";
import { hashTokenKey } from "@/lib/credentials/token-key";
import type { AppError } from "@/lib/errors";
import { adminActor, userActor } from "@/lib/testing/actors";
import { testBackends } from "@/lib/testing/test-db";
import { createUser } from "@/lib/users/mutations";
import { authenticateTokenKey } from "./authenticate-token";
import { createToken, deleteToken, revokeToken, updateToken } from "./mutations";
import { findToken } from "./queries";
import { serializeToken } from "./serialize";
import { ZTokenCreate } from "./validation";

const tokenInput = (input: Record<string, unknown>) => ZTokenCreate.parse(input);

for (const backend of testBackends()) {
  describe(`tokens (${backend.name})`, () => {
    let handle: Awaited<ReturnType<typeof backend.open>>;
    let admin: TActor;
    let alice: TActor;
    let bob: TActor;
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
      const rootRow = await createUser(handle.db, adminActor(), { ...base, username: "root", is_superuser: true });
      admin = adminActor(rootRow.id, "root");
      const aliceRow = await createUser(handle.db, admin, { ...base, username: "alice" });
      const bobRow = await createUser(handle.db, admin, { ...base, username: "bob" });
      alice = userActor(aliceRow.id, "alice");
      bob = userActor(bobRow.id, "bob");
    });
    after(async () => {
      await handle.dispose();
    });

    it("returns a key once that authenticates; only its hash and a prefix are stored", async () => {
      const { token, key } = await createToken(
        handle.db,
        admin,
        tokenInput({ identifier: "alice-ci", user: alice.userId }),
      );
      assert.ok(key.length >= 40, "256-bit key");
      assert.equal(token.keyHash, hashTokenKey(key));
      assert.notEqual(token.keyHash, key);
      assert.equal(token.keyPrefix, key.slice(0, 6));
      assert.equal(token.userId, alice.userId);
      assert.ok(
        token.expires && token.expires.getTime() > Date.now() + 300 * 24 * 3600 * 1000,
        "default expiry about a year",
      );
      const [row] = await handle.db.select().from(tokens).where(eq(tokens.uuid, token.uuid));
      assert.doesNotMatch(JSON.stringify(row), new RegExp(key.replace(/[-_]/g, "\\$&")));

      const auth = await authenticateTokenKey(handle.db, key);
      assert.equal(auth.ok, true);
      assert.equal(auth.ok && auth.user.username, "alice");
      assert.equal(auth.ok && auth.token.identifier, "alice-ci");
      const [used] = await handle.db.select().from(tokens).where(eq(tokens.uuid, token.uuid));
      assert.ok(used.lastUsed, "last_used recorded");

      const audit = (await handle.db.select().from(events).where(eq(events.action, "model_created"))).find(
        (event) => (event.context.model as { model_name: string; name: string }).name === "alice-ci",
      );
      assert.ok(audit, "creation audited");
      assert.doesNotMatch(JSON.stringify(audit), new RegExp(key.replace(/[-_]/g, "\\$&")));
    });

    it("does not authenticate unknown keys", async () => {
      assert.deepEqual(await authenticateTokenKey(handle.db, "not-a-key"), { ok: false, reason: "unknown" });
      assert.deepEqual(await authenticateTokenKey(handle.db, ""), { ok: false, reason: "unknown" });
    });

    it("a preset key (bootstrap) authenticates with exactly that key", async () => {
      const { key } = await createToken(
        handle.db,
        admin,
        tokenInput({ identifier: "preset", expiring: false }),
        "preset-key-0123456789",
      );
      assert.equal(key, "preset-key-0123456789");
      assert.equal((await authenticateTokenKey(handle.db, "preset-key-0123456789")).ok, true);
    });

    it("refuses expired tokens with reason expired", async () => {
      const { key } = await createToken(
        handle.db,
        admin,
        tokenInput({ identifier: "soon-expired", user: alice.userId }),
      );
      await updateToken(handle.db, admin, "soon-expired", { expires: new Date(Date.now() - 1000) });
      assert.deepEqual(await authenticateTokenKey(handle.db, key), { ok: false, reason: "expired" });
      // The same past date on a non-expiring token does not matter.
      await updateToken(handle.db, admin, "soon-expired", { expiring: false });
      assert.equal((await authenticateTokenKey(handle.db, key)).ok, true);
    });

    it("refuses revoked tokens with reason revoked, even if they would otherwise be valid", async () => {
      const { key } = await createToken(handle.db, admin, tokenInput({ identifier: "to-revoke", user: alice.userId }));
      await revokeToken(handle.db, admin, "to-revoke");
      assert.deepEqual(await authenticateTokenKey(handle.db, key), { ok: false, reason: "revoked" });
      const [row] = await handle.db.select().from(tokens).where(eq(tokens.identifier, "to-revoke"));
      assert.ok(row.revokedAt, "row kept with revoked_at");
      const revocations = (await handle.db.select().from(events).where(eq(events.action, "model_updated"))).filter(
        (event) => (event.context.model as { name: string }).name === "to-revoke",
      );
      assert.equal(revocations.length, 1);
      assert.deepEqual(Object.keys(revocations[0].context.diff as object), ["revoked_at"]);
      await revokeToken(handle.db, admin, "to-revoke"); // already revoked: no second event
      assert.equal(
        (await handle.db.select().from(events).where(eq(events.action, "model_updated"))).filter(
          (event) => (event.context.model as { name: string }).name === "to-revoke",
        ).length,
        1,
      );
    });

    it("refuses tokens of inactive users with reason inactive_user", async () => {
      const { key } = await createToken(handle.db, admin, tokenInput({ identifier: "bob-token", user: bob.userId }));
      await handle.db.update(users).set({ isActive: false }).where(eq(users.id, bob.userId));
      assert.deepEqual(await authenticateTokenKey(handle.db, key), { ok: false, reason: "inactive_user" });
      await handle.db.update(users).set({ isActive: true }).where(eq(users.id, bob.userId));
      assert.equal((await authenticateTokenKey(handle.db, key)).ok, true);
    });

    it("only authenticates api and app_password intents", async () => {
      const { key } = await createToken(handle.db, admin, tokenInput({ identifier: "verify", intent: "verification" }));
      assert.deepEqual(await authenticateTokenKey(handle.db, key), { ok: false, reason: "wrong_intent" });
      const app = await createToken(handle.db, admin, tokenInput({ identifier: "app-pw", intent: "app_password" }));
      assert.equal((await authenticateTokenKey(handle.db, app.key)).ok, true);
    });

    it("rejects a duplicate identifier and an unknown owner on the right field", async () => {
      await assert.rejects(createToken(handle.db, admin, tokenInput({ identifier: "alice-ci" })), (error: AppError) =>
        Boolean(error.fieldErrors?.identifier),
      );
      await assert.rejects(
        createToken(handle.db, admin, tokenInput({ identifier: "ghost", user: 424242 })),
        (error: AppError) => /424242/.test(error.fieldErrors?.user?.[0] ?? ""),
      );
    });

    it("scopes non-admins to their own tokens", async () => {
      await createToken(handle.db, admin, tokenInput({ identifier: "bob-own", user: bob.userId }));
      const own = await createToken(handle.db, alice, tokenInput({ identifier: "alice-own" }));
      assert.equal(own.token.userId, alice.userId, "defaults to the caller");

      // Cannot create for someone else.
      await assert.rejects(
        createToken(handle.db, alice, tokenInput({ identifier: "for-bob", user: bob.userId })),
        (error: AppError) => error.fieldErrors?.user?.[0] === "You can only create tokens for yourself.",
      );
      // Cannot see, change, revoke or delete someone else's token: it does not exist for them.
      assert.equal(await findToken(handle.db, alice, "bob-own"), undefined);
      assert.ok(await findToken(handle.db, alice, "alice-own"));
      assert.ok(await findToken(handle.db, admin, "bob-own"), "admins see every token");
      const notFound = (error: AppError) => error.code === "not_found";
      await assert.rejects(revokeToken(handle.db, alice, "bob-own"), notFound);
      await assert.rejects(updateToken(handle.db, alice, "bob-own", { description: "mine now" }), notFound);
      await assert.rejects(deleteToken(handle.db, alice, "bob-own"), notFound);
      const [untouched] = await handle.db.select().from(tokens).where(eq(tokens.identifier, "bob-own"));
      assert.equal(untouched.revokedAt, null);
      assert.equal(untouched.description, "");

      await revokeToken(handle.db, alice, "alice-own");
      assert.equal((await authenticateTokenKey(handle.db, own.key)).ok, false);
    });

    it("updates only what the patch names, and an empty patch changes nothing", async () => {
      await createToken(handle.db, admin, tokenInput({ identifier: "patched", description: "old" }));
      const updated = await updateToken(handle.db, admin, "patched", { description: "new" });
      assert.equal(updated.description, "new");
      const unchanged = await updateToken(handle.db, admin, "patched", {});
      assert.equal(unchanged.description, "new");
      const audits = (await handle.db.select().from(events).where(eq(events.action, "model_updated"))).filter(
        (event) => (event.context.model as { name: string }).name === "patched",
      );
      assert.equal(audits.length, 1);
      assert.deepEqual(audits[0].context.diff, { description: { previous_value: "old", new_value: "new" } });
    });

    it("deletes a token so its key stops working, audited as model_deleted", async () => {
      const { key } = await createToken(handle.db, admin, tokenInput({ identifier: "to-delete" }));
      await deleteToken(handle.db, admin, "to-delete");
      assert.deepEqual(await authenticateTokenKey(handle.db, key), { ok: false, reason: "unknown" });
      const deleted = (await handle.db.select().from(events).where(eq(events.action, "model_deleted"))).find(
        (event) => (event.context.model as { name: string }).name === "to-delete",
      );
      assert.equal((deleted?.context.model_state as { identifier: string }).identifier, "to-delete");
    });

    it("stores scopes in a stable order, defaults to the owner's full rights, and serializes them", async () => {
      const { token } = await createToken(
        handle.db,
        admin,
        tokenInput({ identifier: "root-reader", scopes: ["events:read", "events:write", "events:read"] }),
      );
      assert.deepEqual(token.scopes, ["events:write", "events:read"]);
      const { token: plain } = await createToken(handle.db, admin, tokenInput({ identifier: "root-plain" }));
      assert.deepEqual(plain.scopes, ["admin"]);
      const [row] = await handle.db.select().from(tokens).where(eq(tokens.identifier, "root-reader"));
      assert.deepEqual(serializeToken(row, {} as never).scopes, ["events:write", "events:read"]);
    });

    it("refuses an empty or unknown scope list, naming the field", () => {
      for (const scopes of [[], ["events:delete"], "admin"]) {
        const parsed = ZTokenCreate.safeParse({ identifier: "bad-scopes", scopes });
        assert.equal(parsed.success, false, JSON.stringify(scopes));
        assert.deepEqual(
          parsed.error?.issues.map((issue) => issue.path[0]),
          ["scopes"],
        );
      }
    });

    it("refuses ingest and read scopes for an owner who is neither an administrator nor a service account", async () => {
      await assert.rejects(
        createToken(handle.db, alice, tokenInput({ identifier: "alice-ingest", scopes: ["events:write"] })),
        (error: AppError) => error.code === "validation" && Boolean(error.fieldErrors?.scopes),
      );
      const { token } = await createToken(
        handle.db,
        alice,
        tokenInput({ identifier: "alice-bell", scopes: ["notifications"] }),
      );
      await assert.rejects(
        updateToken(handle.db, alice, token.identifier, { scopes: ["events:read"] }),
        (error: AppError) => error.code === "validation" && Boolean(error.fieldErrors?.scopes),
      );
      const widened = await updateToken(handle.db, alice, token.identifier, { scopes: ["admin", "notifications"] });
      assert.deepEqual(widened.scopes, ["notifications", "admin"]);
    });
  });
}
