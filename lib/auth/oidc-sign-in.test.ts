import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { eq } from "drizzle-orm";
import { events, userIdentities, users } from "@/db/schema";
import { adminActor } from "@/lib/testing/actors";
import { testBackends } from "@/lib/testing/test-db";
import { createUser, updateUser } from "@/lib/users/mutations";
import { signInWithOidc, type TOidcProvider } from "./oidc-sign-in";
import type { THttpRequestContext } from "./sign-in";

const HTTP: THttpRequestContext = { path: "/api/auth/callback/oidc", method: "GET", args: {}, user_agent: "test" };
const PROVIDER: TOidcProvider = {
  issuer: "https://idp.example.test/",
  displayName: "Example IdP",
  adminGroups: ["herald-admins"],
};
const request = (clientIp: string) => ({ clientIp, httpRequest: HTTP });

function localUser(username: string, email: string, isSuperuser = false) {
  return {
    username,
    name: "",
    email,
    is_active: true,
    is_superuser: isSuperuser,
    groups: [],
    attributes: {},
    path: "users",
    type: "internal" as const,
    password: "a-long-password",
  };
}

for (const backend of testBackends()) {
  describe(`signInWithOidc (${backend.name})`, () => {
    let handle: Awaited<ReturnType<typeof backend.open>>;
    before(async () => {
      handle = await backend.open();
    });
    after(async () => {
      await handle.dispose();
    });
    const eventsAt = async (ip: string) =>
      (await handle.db.select().from(events)).filter((row) => row.clientIp === ip && row.app === "herald.auth");

    it("creates the user on a first sign-in with a verified email, then finds it by issuer and subject", async () => {
      const first = await signInWithOidc(
        handle.db,
        PROVIDER,
        { sub: "u-1", email: "Nina@Example.test", email_verified: true, preferred_username: "nina", name: "Nina" },
        request("192.0.2.50"),
      );
      assert.equal(first.ok && first.outcome, "created");
      assert.equal(first.ok && first.user.username, "nina");
      assert.equal(first.ok && first.user.passwordHash, null);
      const [login] = await eventsAt("192.0.2.50");
      assert.equal(login.action, "login");
      assert.equal(login.context.method, "oidc");
      assert.deepEqual(login.context.source, {
        app: "herald_auth",
        model_name: "oidcsource",
        pk: PROVIDER.issuer,
        name: "Example IdP",
      });
      // The email changed at the IdP: the (issuer, subject) pair still finds the same user.
      const again = await signInWithOidc(
        handle.db,
        PROVIDER,
        { sub: "u-1", email: "other@example.test" },
        request("192.0.2.51"),
      );
      assert.equal(again.ok && again.outcome, "signed_in");
      assert.equal(again.ok && again.user.id, first.ok && first.user.id);
    });

    it("links an existing local account by verified email, never by username", async () => {
      const local = await createUser(handle.db, adminActor(), localUser("olga", "olga@example.test"));
      await createUser(handle.db, adminActor(), localUser("pavel", "pavel@example.test"));
      const linked = await signInWithOidc(
        handle.db,
        PROVIDER,
        { sub: "u-2", email: "OLGA@example.test", email_verified: "true", preferred_username: "pavel" },
        request("192.0.2.52"),
      );
      assert.equal(linked.ok && linked.outcome, "linked");
      assert.equal(linked.ok && linked.user.id, local.id);
      const [identity] = await handle.db.select().from(userIdentities).where(eq(userIdentities.subject, "u-2"));
      assert.equal(identity.userId, local.id);
      const created = await signInWithOidc(
        handle.db,
        PROVIDER,
        { sub: "u-3", email: "someone@example.test", email_verified: true, preferred_username: "pavel" },
        request("192.0.2.53"),
      );
      assert.equal(created.ok && created.user.username, "pavel-2");
    });

    it("refuses an unverified email on a first sign-in and records login_failed with the reason", async () => {
      const refused = await signInWithOidc(
        handle.db,
        PROVIDER,
        { sub: "u-4", email: "olga@example.test", email_verified: false },
        request("192.0.2.54"),
      );
      assert.deepEqual(refused, { ok: false, reason: "email_unverified" });
      const [failed] = await eventsAt("192.0.2.54");
      assert.equal(failed.action, "login_failed");
      assert.equal(failed.context.reason, "email_unverified");
      assert.equal(failed.context.method, "oidc");
      assert.equal((await handle.db.select().from(userIdentities).where(eq(userIdentities.subject, "u-4"))).length, 0);
    });

    it("maps the admin groups to superuser and takes back only what it granted", async () => {
      const grant = await signInWithOidc(
        handle.db,
        PROVIDER,
        { sub: "u-5", email: "quinn@example.test", email_verified: true, groups: ["staff", "herald-admins"] },
        request("192.0.2.55"),
      );
      assert.equal(grant.ok && grant.user.isSuperuser, true);
      const revoke = await signInWithOidc(
        handle.db,
        PROVIDER,
        { sub: "u-5", groups: ["staff"] },
        request("192.0.2.56"),
      );
      assert.equal(revoke.ok && revoke.user.isSuperuser, false);
      const localAdmin = await createUser(handle.db, adminActor(), localUser("root2", "root2@example.test", true));
      const kept = await signInWithOidc(
        handle.db,
        PROVIDER,
        { sub: "u-6", email: "root2@example.test", email_verified: true, groups: [] },
        request("192.0.2.57"),
      );
      assert.equal(kept.ok && kept.user.id, localAdmin.id);
      assert.equal(kept.ok && kept.user.isSuperuser, true);
    });

    it("refuses inactive users and service accounts", async () => {
      const robot = await createUser(handle.db, adminActor(), {
        ...localUser("robot", "robot@example.test"),
        password: undefined,
      });
      await updateUser(handle.db, adminActor(), robot.id, { type: "service_account" });
      const asRobot = await signInWithOidc(
        handle.db,
        PROVIDER,
        { sub: "u-7", email: "robot@example.test", email_verified: true },
        request("192.0.2.58"),
      );
      assert.deepEqual(asRobot, { ok: false, reason: "service_account" });
      const [nina] = await handle.db.select().from(users).where(eq(users.username, "nina"));
      await updateUser(handle.db, adminActor(9999), nina.id, { is_active: false });
      assert.deepEqual(await signInWithOidc(handle.db, PROVIDER, { sub: "u-1" }, request("192.0.2.59")), {
        ok: false,
        reason: "inactive",
      });
    });
  });
}
