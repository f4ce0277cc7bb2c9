import { expect, type Page, test } from "@playwright/test";
import { adminAuth, callJson } from "../fixtures/api";
import { signOut } from "../fixtures/ui";

/**
 * Sign-in with OpenID Connect against a real provider on loopback (e2e/fixtures/oidc-provider.mjs,
 * the `oidc-provider` package with its own login and consent pages); the Herald server of this
 * project has HERALD_OIDC_* pointing at it (e2e/playwright.config.ts, project "oidc").
 */
test.describe.configure({ mode: "serial" });

async function signInAtIdp(page: Page, login: string): Promise<void> {
  await page.goto("/login");
  await page.getByRole("button", { name: "Sign in with Loopback IdP" }).click();
  await page.locator('input[name="login"]').fill(login);
  await page.locator('input[name="password"]').fill("any-password");
  await page.getByRole("button", { name: "Sign-in" }).click();
  const consent = page.getByRole("button", { name: "Continue" });
  if (await consent.isVisible({ timeout: 5_000 }).catch(() => false)) await consent.click();
}

const api = (baseURL: string, path: string) => callJson(baseURL, "GET", path, undefined, adminAuth);

async function userNamed(baseURL: string, username: string) {
  const list = await api(baseURL, `/api/v3/core/users/?username=${username}`);
  return list.body.results[0] as { pk: number; is_superuser: boolean; email: string } | undefined;
}

async function authEvents(baseURL: string, action: string, username: string) {
  const answer = await api(baseURL, `/api/v3/events/events/?action=${action}&username=${username}&page_size=20`);
  return answer.body.results as Array<{ context: Record<string, unknown> }>;
}

test("the first sign-in creates the user, records the provider, and sign-out ends the session", async ({
  page,
  baseURL,
}) => {
  const base = baseURL ?? "";
  expect(await userNamed(base, "idp-nina")).toBeUndefined();
  await signInAtIdp(page, "idp-nina");
  await expect(page).not.toHaveURL(/\/login/);
  await expect(page.getByRole("button", { name: "User menu" })).toBeVisible();
  const nina = await userNamed(base, "idp-nina");
  expect(nina?.email).toBe("nina@idp.example.test");
  expect(nina?.is_superuser).toBe(false);
  const [login] = await authEvents(base, "login", "idp-nina");
  expect(login.context.method).toBe("oidc");
  expect(login.context.source).toMatchObject({ model_name: "oidcsource", name: "Loopback IdP" });
  await signOut(page);
  const [logout] = await authEvents(base, "logout", "idp-nina");
  expect(logout.context.method).toBe("oidc");
  await page.goto("/account");
  await expect(page).toHaveURL(/\/login/);
});

test("a member of HERALD_OIDC_ADMIN_GROUPS becomes an administrator", async ({ page, baseURL }) => {
  await signInAtIdp(page, "idp-root");
  await expect(page).not.toHaveURL(/\/login/);
  expect((await userNamed(baseURL ?? "", "idp-root"))?.is_superuser).toBe(true);
  await page.goto("/directory/users");
  await expect(page).toHaveURL(/\/directory\/users/);
  await expect(page.getByRole("heading", { name: "Users" })).toBeVisible();
});

test("an unverified email is refused, recorded as login_failed, and no user is created", async ({ page, baseURL }) => {
  const base = baseURL ?? "";
  await signInAtIdp(page, "idp-unverified");
  await expect(page).toHaveURL(/\/login\?error=oidc_email_unverified/);
  await expect(page.getByRole("alert").filter({ hasText: "has not verified your email address" })).toBeVisible();
  expect(await userNamed(base, "idp-unverified")).toBeUndefined();
  const failures = await api(base, "/api/v3/events/events/?action=login_failed&page_size=50");
  const refused = (failures.body.results as Array<{ context: Record<string, unknown> }>).find(
    (event) => event.context.username === "idp-unverified",
  );
  expect(refused?.context).toMatchObject({ method: "oidc", reason: "email_unverified" });
});
