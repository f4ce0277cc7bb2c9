import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { eq } from "drizzle-orm";
import { openDatabase } from "@/db/client";
import { events, type TEvent } from "@/db/schema";
import { verifyPassword } from "@/lib/credentials/password";
import { resetEnvCache } from "@/lib/env";
import { SECRET_MASK } from "@/lib/events/mask-secrets";
import { adminActor } from "@/lib/testing/actors";
import { testBackends } from "@/lib/testing/test-db";
import { createUser, updateUser } from "@/lib/users/mutations";
import { findUserById } from "@/lib/users/queries";
import { signInWithPassword, type THttpRequestContext, type TSignInDeps } from "./sign-in";

const ENV_KEYS = [
  "HERALD_LOGIN_MAX_FAILURES",
  "HERALD_LOGIN_MAX_FAILURES_PER_USER",
  "HERALD_LOGIN_LOCKOUT_SECONDS",
] as const;
const HTTP: THttpRequestContext = {
  path: "/login",
  method: "POST",
  args: { next: "/events" },
  user_agent: "test-agent/1",
};

function newUser(username: string, password: string, isActive = true) {
  return {
    username,
    password,
    name: username,
    email: `${username}@example.test`,
    is_active: isActive,
    is_superuser: false,
    groups: [],
    attributes: {},
    path: "users",
    type: "internal" as const,
  };
}

for (const backend of testBackends()) {
  describe(`signInWithPassword (${backend.name})`, () => {
    let handle: Awaited<ReturnType<typeof backend.open>>;
    const saved = Object.fromEntries(ENV_KEYS.map((key) => [key, process.env[key]]));
    before(async () => {
      process.env.HERALD_LOGIN_MAX_FAILURES = "3";
      process.env.HERALD_LOGIN_MAX_FAILURES_PER_USER = "8";
      process.env.HERALD_LOGIN_LOCKOUT_SECONDS = "120";
      resetEnvCache();
      handle = await backend.open();
      await createUser(handle.db, adminActor(), newUser("alice", "alice-password"));
      await createUser(handle.db, adminActor(), newUser("ivan", "ivan-password", false));
    });
    after(async () => {
      for (const key of ENV_KEYS) {
        if (saved[key] === undefined) delete process.env[key];
        else process.env[key] = saved[key];
      }
      resetEnvCache();
      await handle.dispose();
    });
    const eventsOf = async (action: string, ip: string): Promise<TEvent[]> =>
      (await handle.db.select().from(events).where(eq(events.action, action))).filter((row) => row.clientIp === ip);

    it("signs in with the right password and writes a login event with http_request", async () => {
      const result = await signInWithPassword(handle.db, {
        username: "alice",
        password: "alice-password",
        clientIp: "192.0.2.10",
        httpRequest: HTTP,
      });
      assert.equal(result.ok, true);
      assert.equal(result.ok && result.user.username, "alice");
      const [login] = await eventsOf("login", "192.0.2.10");
      assert.ok(login, "login event written");
      assert.equal(login.app, "herald.auth");
      assert.deepEqual(login.user, {
        pk: result.ok ? result.user.id : -1,
        username: "alice",
        email: "alice@example.test",
      });
      assert.deepEqual(login.context, { method: "password", http_request: HTTP });
      const user = await findUserById(handle.db, result.ok ? result.user.id : -1);
      assert.ok(user?.lastLogin, "last_login set");
    });

    it("refuses a service account even with its right password, recorded as service_account", async () => {
      const robot = await createUser(handle.db, adminActor(), newUser("robot", "robot-password"));
      await updateUser(handle.db, adminActor(), robot.id, { type: "service_account" });
      const result = await signInWithPassword(handle.db, {
        username: "robot",
        password: "robot-password",
        clientIp: "192.0.2.12",
        httpRequest: HTTP,
      });
      assert.deepEqual(result, { ok: false, reason: "invalid" });
      const [failed] = await eventsOf("login_failed", "192.0.2.12");
      assert.equal(failed.context.reason, "service_account");
      assert.equal(failed.context.method, "password");
      assert.equal((await eventsOf("login", "192.0.2.12")).length, 0);
    });

    it("accepts the username case-insensitively", async () => {
      const result = await signInWithPassword(handle.db, {
        username: "ALICE",
        password: "alice-password",
        clientIp: "192.0.2.11",
        httpRequest: HTTP,
      });
      assert.equal(result.ok, true);
    });

    it("writes login_failed with the password masked, the reason and http_request", async () => {
      const result = await signInWithPassword(handle.db, {
        username: "alice",
        password: "wrong-password",
        clientIp: "192.0.2.20",
        httpRequest: { ...HTTP, args: { password: "leaked-in-query" } },
      });
      assert.deepEqual(result, { ok: false, reason: "invalid" });
      const [failed] = await eventsOf("login_failed", "192.0.2.20");
      assert.equal(failed.context.password, SECRET_MASK);
      assert.equal(failed.context.username, "alice");
      assert.equal(failed.context.reason, "wrong_password");
      assert.deepEqual(failed.context.http_request, { ...HTTP, args: { password: SECRET_MASK } });
      assert.equal(failed.user.username, "alice");
      assert.doesNotMatch(JSON.stringify(failed), /wrong-password|leaked-in-query/);
    });

    it("answers unknown users and inactive accounts like a wrong password", async () => {
      const unknown = await signInWithPassword(handle.db, {
        username: "nobody",
        password: "whatever1",
        clientIp: "192.0.2.21",
        httpRequest: HTTP,
      });
      assert.deepEqual(unknown, { ok: false, reason: "invalid" });
      const [unknownEvent] = await eventsOf("login_failed", "192.0.2.21");
      assert.equal(unknownEvent.context.reason, "unknown_user");
      assert.deepEqual(unknownEvent.user, {});

      const inactive = await signInWithPassword(handle.db, {
        username: "ivan",
        password: "ivan-password",
        clientIp: "192.0.2.22",
        httpRequest: HTTP,
      });
      assert.deepEqual(inactive, { ok: false, reason: "invalid" });
      const [inactiveEvent] = await eventsOf("login_failed", "192.0.2.22");
      assert.equal(inactiveEvent.context.reason, "inactive");
      assert.equal((await eventsOf("login", "192.0.2.22")).length, 0);
    });

    it("rate-limits after HERALD_LOGIN_MAX_FAILURES, even for the right password, per username+IP", async () => {
      const attempt = (password: string, clientIp = "192.0.2.30") =>
        signInWithPassword(handle.db, { username: "alice", password, clientIp, httpRequest: HTTP });
      assert.deepEqual(await attempt("bad-1"), { ok: false, reason: "invalid" });
      assert.deepEqual(await attempt("bad-2"), { ok: false, reason: "invalid" });
      const third = await attempt("bad-3");
      assert.equal(!third.ok && third.reason, "rate_limited", "the attempt that reached the limit says so");
      assert.ok(!third.ok && third.retryAfterSeconds && third.retryAfterSeconds >= 118);
      const locked = await attempt("alice-password");
      assert.equal(locked.ok, false);
      assert.equal(!locked.ok && locked.reason, "rate_limited");
      assert.ok(!locked.ok && locked.retryAfterSeconds && locked.retryAfterSeconds > 100);
      // Three failures recorded; the locked-out attempt wrote neither login nor login_failed.
      assert.equal((await eventsOf("login_failed", "192.0.2.30")).length, 3);
      assert.equal((await eventsOf("login", "192.0.2.30")).length, 0);
      // Another address is not affected.
      assert.equal((await attempt("alice-password", "192.0.2.31")).ok, true);
    });

    it("a successful sign-in clears earlier failures", async () => {
      const attempt = (password: string) =>
        signInWithPassword(handle.db, { username: "alice", password, clientIp: "192.0.2.40", httpRequest: HTTP });
      await attempt("bad-1");
      await attempt("bad-2");
      assert.equal((await attempt("alice-password")).ok, true);
      assert.deepEqual(await attempt("bad-3"), { ok: false, reason: "invalid" }, "counter started over");
    });

    it("blocks a deactivated user even with the right password", async () => {
      const alice = await signInWithPassword(handle.db, {
        username: "alice",
        password: "alice-password",
        clientIp: "192.0.2.50",
        httpRequest: HTTP,
      });
      assert.ok(alice.ok);
      await updateUser(handle.db, adminActor(1000, "root"), alice.user.id, { is_active: false });
      const result = await signInWithPassword(handle.db, {
        username: "alice",
        password: "alice-password",
        clientIp: "192.0.2.50",
        httpRequest: HTTP,
      });
      assert.deepEqual(result, { ok: false, reason: "invalid" });
    });
  });
}

/** The real password check, counted. */
function countingDeps(): TSignInDeps & { checks: () => number } {
  let checks = 0;
  return {
    verifyPassword: (password, stored) => {
      checks++;
      return verifyPassword(password, stored);
    },
    checks: () => checks,
  };
}

for (const backend of testBackends()) {
  describe(`signInWithPassword under a parallel guessing attack (${backend.name})`, () => {
    let handle: Awaited<ReturnType<typeof backend.open>>;
    const saved = Object.fromEntries(ENV_KEYS.map((key) => [key, process.env[key]]));
    before(async () => {
      process.env.HERALD_LOGIN_MAX_FAILURES = "5";
      process.env.HERALD_LOGIN_MAX_FAILURES_PER_USER = "20";
      process.env.HERALD_LOGIN_LOCKOUT_SECONDS = "300";
      resetEnvCache();
      handle = await backend.open();
      for (const name of ["victor", "wendy", "xena"]) {
        await createUser(handle.db, adminActor(), newUser(name, `${name}-password`));
      }
    });
    after(async () => {
      for (const key of ENV_KEYS) {
        if (saved[key] === undefined) delete process.env[key];
        else process.env[key] = saved[key];
      }
      resetEnvCache();
      await handle.dispose();
    });

    it("60 simultaneous wrong passwords from one IP check at most 5; then the right one is refused", async () => {
      const deps = countingDeps();
      const results = await Promise.all(
        Array.from({ length: 60 }, (_, index) =>
          signInWithPassword(
            handle.db,
            { username: "victor", password: `guess-${index}`, clientIp: "203.0.113.7", httpRequest: HTTP },
            deps,
          ),
        ),
      );
      assert.equal(deps.checks(), 5, "password checks");
      assert.ok(results.every((result) => !result.ok));
      assert.equal(results.filter((result) => !result.ok && result.reason === "rate_limited").length, 56);
      const right = await signInWithPassword(
        handle.db,
        { username: "victor", password: "victor-password", clientIp: "203.0.113.7", httpRequest: HTTP },
        deps,
      );
      assert.equal(!right.ok && right.reason, "rate_limited");
      assert.ok(!right.ok && right.retryAfterSeconds && right.retryAfterSeconds > 290);
      assert.equal(deps.checks(), 5, "the locked-out attempt checked no password");
    });

    it("guesses spread over many IPs stop at the per-username limit, for every IP", async () => {
      const deps = countingDeps();
      await Promise.all(
        Array.from({ length: 60 }, (_, index) =>
          signInWithPassword(
            handle.db,
            { username: "wendy", password: `guess-${index}`, clientIp: `198.51.100.${index}`, httpRequest: HTTP },
            deps,
          ),
        ),
      );
      assert.equal(deps.checks(), 20, "password checks");
      const fromElsewhere = await signInWithPassword(
        handle.db,
        { username: "wendy", password: "wendy-password", clientIp: "192.0.2.200", httpRequest: HTTP },
        deps,
      );
      assert.equal(!fromElsewhere.ok && fromElsewhere.reason, "rate_limited");
      assert.equal(deps.checks(), 20);
    });

    if (backend.name === "postgres") {
      it("two Herald instances on one database share the limit", async () => {
        const second = await openDatabase({ backend: "postgres", url: handle.url as string, max: 5 });
        try {
          const deps = countingDeps();
          const attempt = (db: typeof handle.db, index: number) =>
            signInWithPassword(
              db,
              { username: "xena", password: `guess-${index}`, clientIp: "203.0.113.8", httpRequest: HTTP },
              deps,
            );
          await Promise.all(
            Array.from({ length: 60 }, (_, index) => attempt(index % 2 ? second.db : handle.db, index)),
          );
          assert.equal(deps.checks(), 5, "password checks");
          const right = await signInWithPassword(
            second.db,
            { username: "xena", password: "xena-password", clientIp: "203.0.113.8", httpRequest: HTTP },
            deps,
          );
          assert.equal(!right.ok && right.reason, "rate_limited");
        } finally {
          await second.close();
        }
      });
    }
  });
}
