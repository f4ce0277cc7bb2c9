import { expect, test } from "@playwright/test";
import { adminAuth } from "../fixtures/api";
import { uniqueName } from "../fixtures/env";
import { signIn } from "../fixtures/ui";

test("Sign out everywhere in the user menu ends this session and the one in another browser", async ({
  browser,
  request,
}) => {
  const username = uniqueName("ui-sessions");
  const password = "user-password-123";
  const created = await request.post("/api/v3/core/users/", { headers: adminAuth, data: { username, password } });
  expect(created.status()).toBe(201);

  const here = await browser.newContext();
  const elsewhere = await browser.newContext();
  const page = await here.newPage();
  const other = await elsewhere.newPage();
  await signIn(page, username, password);
  await signIn(other, username, password);

  await page.getByRole("button", { name: "User menu" }).click();
  await page.getByRole("menuitem", { name: "Sign out everywhere" }).click();
  await expect(page).toHaveURL(/\/login\?signed_out=1/);

  // The other browser still holds its cookie, which no longer opens anything.
  await other.goto("/account");
  await expect(other).toHaveURL(/\/login/);
  await here.close();
  await elsewhere.close();
});
