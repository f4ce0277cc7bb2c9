import { expect, test } from "@playwright/test";
import { ADMIN_PASSWORD, ADMIN_USERNAME, uniqueName } from "../fixtures/env";
import { pick, signIn, signOut } from "../fixtures/ui";

test("an admin creates a user and a group; the user signs in and is kept out of admin pages", async ({ page }) => {
  const username = uniqueName("ui-user");
  const groupName = uniqueName("ui-group");
  const password = "user-password-123";

  await signIn(page, ADMIN_USERNAME, ADMIN_PASSWORD);
  await expect(page).toHaveURL(/\/$/);
  await expect(page.getByRole("heading", { name: "Dashboard" })).toBeVisible();

  await page.getByRole("navigation", { name: "Administration" }).getByRole("link", { name: "Users" }).click();
  await page.getByRole("button", { name: "Create user" }).click();
  const userDialog = page.getByRole("dialog", { name: "Create user" });
  await userDialog.getByLabel("Username").fill(username);
  await userDialog.getByLabel("Email").fill(`${username}@example.test`);
  await userDialog.getByLabel("Password").fill(password);
  await userDialog.getByRole("button", { name: "Create user" }).click();
  await expect(page.getByText(`User ${username} created.`)).toBeVisible();
  await expect(page.getByRole("heading", { name: username })).toBeVisible();

  await page.getByRole("navigation", { name: "Administration" }).getByRole("link", { name: "Groups" }).click();
  await page.getByRole("button", { name: "Create group" }).click();
  const groupDialog = page.getByRole("dialog", { name: "Create group" });
  await groupDialog.getByLabel("Name").fill(groupName);
  await pick(page, "group-members", [username]);
  await groupDialog.getByRole("button", { name: "Create group" }).click();
  await expect(page.getByRole("heading", { name: groupName })).toBeVisible();
  await expect(page.getByRole("table", { name: "Members" }).getByRole("link", { name: username })).toBeVisible();

  await signOut(page);

  await signIn(page, username, password);
  await expect(page).toHaveURL(/\/account$/);
  await expect(page.getByRole("heading", { name: "Your account" })).toBeVisible();
  for (const adminPath of ["/", "/directory/users", "/events"]) {
    await page.goto(adminPath);
    await expect(page).toHaveURL(/\/account\?denied=admin$/);
    await expect(page.getByRole("alert").filter({ hasText: "That page is for administrators" })).toBeVisible();
  }
  await expect(page.getByRole("navigation", { name: "Administration" })).toHaveCount(0);
});

test("an admin deletes a group and a user from their edit pages, after confirming", async ({ page }) => {
  const username = uniqueName("ui-doomed");
  const groupName = uniqueName("ui-doomed-group");
  await signIn(page, ADMIN_USERNAME, ADMIN_PASSWORD);
  const admin = page.getByRole("navigation", { name: "Administration" });

  await admin.getByRole("link", { name: "Groups" }).click();
  await page.getByRole("button", { name: "Create group" }).click();
  await page.getByRole("dialog", { name: "Create group" }).getByLabel("Name").fill(groupName);
  await page.getByRole("dialog", { name: "Create group" }).getByRole("button", { name: "Create group" }).click();
  await expect(page.getByRole("heading", { name: groupName })).toBeVisible();
  await page.getByRole("button", { name: "Delete group" }).click();
  await page
    .getByRole("alertdialog", { name: `Delete ${groupName}?` })
    .getByRole("button", { name: "Delete" })
    .click();
  await expect(page.getByText(`Group ${groupName} deleted.`)).toBeVisible();
  await expect(page).toHaveURL(/\/directory\/groups$/);

  await admin.getByRole("link", { name: "Users" }).click();
  await page.getByRole("button", { name: "Create user" }).click();
  await page.getByRole("dialog", { name: "Create user" }).getByLabel("Username").fill(username);
  await page.getByRole("dialog", { name: "Create user" }).getByRole("button", { name: "Create user" }).click();
  await expect(page.getByRole("heading", { name: username })).toBeVisible();
  await page.getByRole("button", { name: "Delete user" }).click();
  await page
    .getByRole("alertdialog", { name: `Delete ${username}?` })
    .getByRole("button", { name: "Delete" })
    .click();
  await expect(page.getByText(`User ${username} deleted.`)).toBeVisible();
  await expect(page).toHaveURL(/\/directory\/users$/);
});

test("a wrong password is answered with a clear error and no session", async ({ page }) => {
  await page.goto("/login");
  await page.getByLabel("Username").fill(uniqueName("nobody"));
  await page.getByLabel("Password").fill("definitely-wrong");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByRole("alert").filter({ hasText: "Invalid username or password." })).toBeVisible();
  await page.goto("/directory/users");
  await expect(page).toHaveURL(/\/login/);
});

test("admin route handlers answer 401 to anonymous requests, also from a browser context", async ({ page }) => {
  const response = await page.request.get("/api/v3/core/users/");
  expect(response.status()).toBe(401);
  expect(await response.json()).toMatchObject({ detail: "Authentication credentials were not provided." });
});

test("a user's own token is shown once and authenticates the API", async ({ page, request }) => {
  await signIn(page, ADMIN_USERNAME, ADMIN_PASSWORD);
  await page.goto("/account");
  await page.getByRole("button", { name: "Create token" }).click();
  const dialog = page.getByRole("dialog");
  const identifier = uniqueName("ui-token");
  await dialog.getByLabel("Identifier").fill(identifier);
  await dialog.getByRole("button", { name: "Create token" }).click();
  const key = await page.getByTestId("token-key").inputValue();
  expect(key.length).toBeGreaterThan(40);
  await page.getByRole("button", { name: "Done" }).click();
  await expect(page.getByRole("table", { name: "API tokens" }).getByText(identifier)).toBeVisible();
  const me = await request.get("/api/v3/core/users/me/", { headers: { authorization: `Bearer ${key}` } });
  expect((await me.json()).user.username).toBe(ADMIN_USERNAME);
});
