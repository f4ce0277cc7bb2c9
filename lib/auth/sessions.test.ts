import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { after, before, describe, it } from "node:test";
import { eq, sql } from "drizzle-orm";
import { events, revokedSessions } from "@/db/schema";
import { adminActor, userActor } from "@/lib/testing/actors";
import { testBackends } from "@/lib/testing/test-db";
import { changeOwnPassword, createUser, deleteUser, setUserPassword, updateUser } from "@/lib/users/mutations";
import { ZUserCreate } from "@/lib/users/validation";
import { endAllSessions, findSessionUser, revokeSession, type TSessionClaims } from "./sessions";
import { signInWithPassword } from "./sign-in";
import { signOutEverywhere } from "./sign-out";

const HTTP = { path: "/login", method: "POST", args: {}, user_agent: "test" };
const MAX_AGE = 12 * 3600;

for (const backend of testBackends()) {
  describe(`sessions (${backend.name})`, () => {
    let handle: Awaited<ReturnType<typeof backend.open>>;
    before(async () => {
      handle = await backend.open();
    });
    after(async () => {
      await handle.dispose();
    });

    /** What next-auth puts in the cookie at sign-in (lib/auth/next-auth.ts, the jwt callback). */
    async function signIn(username: string, password: string): Promise<TSessionClaims> {
      const result = await signInWithPassword(handle.db, {
        username,
        password,
        clientIp: "192.0.2.1",
        httpRequest: HTTP,
      });
      assert.ok(result.ok, `${username} signs in`);
      return { userId: result.user.id, sessionId: randomUUID(), epoch: result.user.sessionEpoch };
    }
    async function newUser(username: string, password = `${username}-password`) {
      return createUser(handle.db, adminActor(), ZUserCreate.parse({ username, password }));
    }
    const valid = async (claims: TSessionClaims) => (await findSessionUser(handle.db, claims)) !== null;

    it("a fresh session is valid, and a forged or stale claim is not", async () => {
      const user = await newUser("olga");
      const session = await signIn("olga", "olga-password");
      assert.equal((await findSessionUser(handle.db, session))?.id, user.id);
      assert.equal(await valid({ ...session, epoch: session.epoch + 1 }), false, "an epoch from the future");
      assert.equal(await valid({ ...session, epoch: session.epoch - 1 }), false, "an epoch from the past");
      assert.equal(await valid({ ...session, userId: 999_999 }), false, "no such user");
    });

    it("sign-out ends that session only, and keeps ending it", async () => {
      await newUser("pavel");
      const laptop = await signIn("pavel", "pavel-password");
      const phone = await signIn("pavel", "pavel-password");
      await revokeSession(handle.db, { ...laptop, maxAgeSeconds: MAX_AGE });
      await revokeSession(handle.db, { ...laptop, maxAgeSeconds: MAX_AGE }); // twice is fine
      assert.equal(await valid(laptop), false);
      assert.equal(await valid(phone), true);
      const [entry] = await handle.db.select().from(revokedSessions).where(eq(revokedSessions.jti, laptop.sessionId));
      const lifetime = (entry.expiresAt.getTime() - Date.now()) / 1000;
      assert.ok(lifetime > MAX_AGE - 60 && lifetime <= MAX_AGE + 5, `kept for ${lifetime}s`);
    });

    it("an admin's password reset ends every session of the user", async () => {
      const user = await newUser("quinn");
      const before = [await signIn("quinn", "quinn-password"), await signIn("quinn", "quinn-password")];
      await setUserPassword(handle.db, adminActor(), user.id, "quinn-new-password");
      for (const session of before) assert.equal(await valid(session), false);
      assert.equal(await valid(await signIn("quinn", "quinn-new-password")), true, "a new sign-in works");
    });

    it("changing one's own password ends one's sessions", async () => {
      const user = await newUser("rita");
      const session = await signIn("rita", "rita-password");
      await changeOwnPassword(handle.db, userActor(user.id, "rita"), "rita-password", "rita-new-password");
      assert.equal(await valid(session), false);
    });

    it("deactivation ends sessions, and reactivation does not revive them", async () => {
      const user = await newUser("sven");
      const session = await signIn("sven", "sven-password");
      await updateUser(handle.db, adminActor(), user.id, { is_active: false });
      assert.equal(await valid(session), false);
      await updateUser(handle.db, adminActor(), user.id, { is_active: true });
      assert.equal(await valid(session), false);
    });

    it("an inactive account's session is refused even with the right epoch", async () => {
      const user = await newUser("tara");
      const session = await signIn("tara", "tara-password");
      // As if flipped outside Herald (SQL): is_active is checked on its own too.
      await handle.db.execute(sql`update users set is_active = false where id = ${user.id}`);
      assert.equal(await valid(session), false);
    });

    it("sign out everywhere ends all of the user's sessions, no one else's, and records it", async () => {
      const user = await newUser("uma");
      const other = await newUser("vik");
      const mine = [await signIn("uma", "uma-password"), await signIn("uma", "uma-password")];
      await revokeSession(handle.db, { ...mine[0], maxAgeSeconds: MAX_AGE });
      const theirs = await signIn("vik", "vik-password");
      await signOutEverywhere(handle.db, userActor(user.id, "uma"), HTTP);
      for (const session of mine) assert.equal(await valid(session), false);
      assert.equal(await valid(theirs), true);
      const left = await handle.db.select().from(revokedSessions).where(eq(revokedSessions.userId, user.id));
      assert.equal(left.length, 0, "single-session entries are moot after a new epoch");
      const logouts = (await handle.db.select().from(events).where(eq(events.action, "logout"))).filter(
        (row) => row.user.pk === user.id,
      );
      assert.equal(logouts.length, 1);
      assert.equal(logouts[0].context.all_sessions, true);
      assert.equal((await findSessionUser(handle.db, theirs))?.id, other.id);
    });

    it("revoking a deleted user's session is a no-op, and expired entries are dropped", async () => {
      const user = await newUser("wes");
      const session = await signIn("wes", "wes-password");
      await deleteUser(handle.db, adminActor(), user.id);
      await revokeSession(handle.db, { ...session, maxAgeSeconds: MAX_AGE });
      assert.equal(await valid(session), false);

      const survivor = await newUser("xavi");
      const stale = { sessionId: randomUUID(), userId: survivor.id };
      await handle.db
        .insert(revokedSessions)
        .values({ jti: stale.sessionId, userId: stale.userId, expiresAt: new Date(0) });
      await revokeSession(handle.db, { ...(await signIn("xavi", "xavi-password")), maxAgeSeconds: MAX_AGE });
      const rows = await handle.db.select().from(revokedSessions).where(eq(revokedSessions.jti, stale.sessionId));
      assert.equal(rows.length, 0);
    });

    it("endAllSessions raises the epoch by one", async () => {
      const user = await newUser("yann");
      const session = await signIn("yann", "yann-password");
      await endAllSessions(handle.db, user.id);
      assert.equal(await valid(session), false);
      assert.equal(await valid({ ...session, epoch: session.epoch + 1 }), true);
    });
  });
}
