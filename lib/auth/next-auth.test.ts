import assert from "node:assert/strict";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { after, before, describe, it } from "node:test";
import { NextRequest } from "next/server";
import { decode } from "next-auth/jwt";
import { setDbHandle } from "@/db/client";
import { resetEnvCache } from "@/lib/env";
import { PEER_HEADER } from "@/lib/net/client-ip";
import { adminActor } from "@/lib/testing/actors";
import { testBackends } from "@/lib/testing/test-db";
import { createUser } from "@/lib/users/mutations";
import { ZUserCreate } from "@/lib/users/validation";
import { handlers } from "./next-auth";
import { findSessionUser } from "./sessions";

const ENV_KEYS = ["AUTH_SECRET", "HERALD_DATA_DIR", "HERALD_TRUSTED_PROXIES", "HERALD_PUBLIC_URL"] as const;
const SECRET = "next-auth-test-secret-0123456789abcdef";

/** A browser's cookie jar, reduced to name=value. */
class Jar {
  private readonly values = new Map<string, string>();
  take(response: Response): void {
    for (const line of response.headers.getSetCookie()) {
      const [pair] = line.split(";");
      const index = pair.indexOf("=");
      const [name, value] = [pair.slice(0, index), pair.slice(index + 1)];
      if (value === "" || /max-age=0/i.test(line)) this.values.delete(name);
      else this.values.set(name, value);
    }
  }
  header(): string {
    return [...this.values].map(([name, value]) => `${name}=${value}`).join("; ");
  }
  get(name: string): string | undefined {
    return this.values.get(name);
  }
}

/** As Next.js hands a route handler a request: the URL from the bind address, the Host as sent. */
function request(pathname: string, headers: Record<string, string>, form?: Record<string, string>): NextRequest {
  return new NextRequest(`http://0.0.0.0:3190${pathname}`, {
    method: form ? "POST" : "GET",
    headers: {
      [PEER_HEADER]: "127.0.0.1",
      ...headers,
      ...(form && { "content-type": "application/x-www-form-urlencoded" }),
    },
    body: form ? new URLSearchParams(form).toString() : undefined,
  });
}

for (const backend of testBackends().slice(0, 1)) {
  describe("next-auth route handlers", () => {
    let handle: Awaited<ReturnType<typeof backend.open>>;
    const saved = Object.fromEntries(ENV_KEYS.map((key) => [key, process.env[key]]));
    let dataDir = "";
    before(async () => {
      dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "herald-next-auth-"));
      process.env.AUTH_SECRET = SECRET;
      process.env.HERALD_DATA_DIR = dataDir;
      delete process.env.HERALD_TRUSTED_PROXIES;
      delete process.env.HERALD_PUBLIC_URL;
      resetEnvCache();
      handle = await backend.open();
      setDbHandle(handle);
      await createUser(handle.db, adminActor(), ZUserCreate.parse({ username: "nina", password: "nina-password-1" }));
    });
    after(async () => {
      setDbHandle(undefined);
      for (const key of ENV_KEYS) {
        if (saved[key] === undefined) delete process.env[key];
        else process.env[key] = saved[key];
      }
      resetEnvCache();
      await handle.dispose();
      fs.rmSync(dataDir, { recursive: true, force: true });
    });

    async function signIn(jar: Jar, headers: Record<string, string>): Promise<Response> {
      const csrf = await handlers.GET(request("/api/auth/csrf", headers));
      jar.take(csrf);
      const { csrfToken } = (await csrf.json()) as { csrfToken: string };
      const response = await handlers.POST(
        request(
          "/api/auth/callback/credentials",
          { ...headers, cookie: jar.header() },
          { csrfToken, username: "nina", password: "nina-password-1", callbackUrl: "/welcome" },
        ),
      );
      jar.take(response);
      return response;
    }

    it("redirects to the Host the browser used, not the bind address, loopback included", async () => {
      for (const host of ["127.0.0.1:3190", "herald.test:3190"]) {
        const response = await signIn(new Jar(), { host });
        assert.equal(response.status, 302);
        assert.equal(response.headers.get("location"), `http://${host}/welcome`);
      }
    });

    it("ignores X-Forwarded-Host from a client, and follows it from a configured proxy", async () => {
      const forwarded = { host: "127.0.0.1:3190", "x-forwarded-host": "evil.example", "x-forwarded-proto": "https" };
      assert.equal((await signIn(new Jar(), forwarded)).headers.get("location"), "http://127.0.0.1:3190/welcome");
      process.env.HERALD_TRUSTED_PROXIES = "127.0.0.1/32";
      resetEnvCache();
      try {
        const proxied = { ...forwarded, "x-forwarded-host": "herald.example" };
        assert.equal((await signIn(new Jar(), proxied)).headers.get("location"), "https://herald.example/welcome");
      } finally {
        delete process.env.HERALD_TRUSTED_PROXIES;
        resetEnvCache();
      }
    });

    it("uses HERALD_PUBLIC_URL when it is set", async () => {
      process.env.HERALD_PUBLIC_URL = "http://events.example.org:8080";
      resetEnvCache();
      try {
        const response = await signIn(new Jar(), { host: "127.0.0.1:3190" });
        assert.equal(response.headers.get("location"), "http://events.example.org:8080/welcome");
      } finally {
        delete process.env.HERALD_PUBLIC_URL;
        resetEnvCache();
      }
    });

    it("gives each session an id and the user's epoch, and next-auth's sign-out revokes it", async () => {
      const jar = new Jar();
      const headers = { host: "127.0.0.1:3190" };
      await signIn(jar, headers);
      const cookie = jar.get("authjs.session-token");
      assert.ok(cookie, "session cookie set");
      const token = await decode({ token: cookie, secret: SECRET, salt: "authjs.session-token" });
      assert.equal(typeof token?.sid, "string");
      assert.equal(token?.epoch, 0);
      const claims = { userId: Number(token?.uid), sessionId: String(token?.sid), epoch: Number(token?.epoch) };
      assert.equal((await findSessionUser(handle.db, claims))?.username, "nina");

      const csrf = await handlers.GET(request("/api/auth/csrf", { ...headers, cookie: jar.header() }));
      const { csrfToken } = (await csrf.json()) as { csrfToken: string };
      const signOut = await handlers.POST(
        request("/api/auth/signout", { ...headers, cookie: jar.header() }, { csrfToken, callbackUrl: "/login" }),
      );
      assert.equal(signOut.status, 302);
      assert.equal(signOut.headers.get("location"), "http://127.0.0.1:3190/login");
      assert.equal(await findSessionUser(handle.db, claims), null, "a kept copy of the cookie is worthless");
    });
  });
}
