import { expect, test } from "@playwright/test";
import { ADMIN_TOKEN } from "../fixtures/env";

test("liveness and readiness answer 200 on a migrated database", async ({ request }) => {
  expect((await request.get("/-/health/live/")).status()).toBe(200);
  const ready = await request.get("/-/health/ready/");
  expect(ready.status()).toBe(200);
  expect(await ready.json()).toEqual({ status: "ready" });
});

test("a wrong bearer token is refused with 401 and a detail message", async ({ request }) => {
  const response = await request.get("/api/v3/core/users/me/", {
    headers: { authorization: "Bearer not-a-real-token" },
  });
  expect(response.status()).toBe(401);
  expect((await response.json()).detail).toMatch(/token/i);
  const ok = await request.get("/api/v3/core/users/me/", { headers: { authorization: `Bearer ${ADMIN_TOKEN}` } });
  expect(ok.status()).toBe(200);
  expect((await ok.json()).user.username).toBe("admin");
});
