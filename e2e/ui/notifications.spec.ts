import { expect, type Page, test } from "@playwright/test";
import { adminAuth } from "../fixtures/api";
import { ADMIN_PASSWORD, ADMIN_USERNAME, uniqueName } from "../fixtures/env";
import { pick, pickOne, signIn, signOut } from "../fixtures/ui";

/** Picks an option of a Radix select (components/ui/select.tsx) by its field label. */
async function choose(page: Page, label: string, option: string) {
  await page.getByLabel(label, { exact: true }).click();
  await page.getByRole("option", { name: option, exact: true }).click();
}

async function rowActions(page: Page, name: string) {
  await page.getByRole("button", { name: `Actions for ${name}` }).click();
}

test("the admin workflow: transport, policy, rule and binding in the browser; the group member sees the notification", async ({
  page,
  request,
}) => {
  const password = "member-password-123";
  const memberName = uniqueName("member");
  const groupName = uniqueName("responders");
  const transportName = uniqueName("bell");
  const policyName = uniqueName("failed-logins");
  const ruleName = uniqueName("notify-failed-logins");
  const app = `e2e.${uniqueName("app").replaceAll("-", "_")}`;

  // The people exist already (the Directory e2e covers creating them).
  const member = await (
    await request.post("/api/v3/core/users/", {
      headers: adminAuth,
      data: { username: memberName, name: "Member", email: `${memberName}@example.test`, password },
    })
  ).json();
  await request.post(`/api/v3/core/users/${member.pk}/set_password/`, { headers: adminAuth, data: { password } });
  await request.post("/api/v3/core/groups/", { headers: adminAuth, data: { name: groupName, users: [member.pk] } });

  await signIn(page, ADMIN_USERNAME, ADMIN_PASSWORD);
  const nav = page.getByRole("navigation", { name: "Administration" });

  // 1. Events → Notification Transports: create a local transport and test it.
  await nav.getByRole("link", { name: "Notification Transports" }).click();
  await page.getByRole("button", { name: "Create transport" }).click();
  const transportDialog = page.getByRole("dialog", { name: "Create transport" });
  await transportDialog.getByLabel("Name").fill(transportName);
  await transportDialog.getByRole("button", { name: "Create transport" }).click();
  await expect(page.getByText(`Transport ${transportName} created.`)).toBeVisible();
  await rowActions(page, transportName);
  await page.getByRole("menuitem", { name: "Test" }).click();
  await expect(page.getByText("Test delivered")).toBeVisible();

  // 2. Customization → Policies: an event matcher for failed logins.
  await nav.getByRole("link", { name: "Policies" }).click();
  await page.getByRole("button", { name: "Create policy" }).click();
  const policyDialog = page.getByRole("dialog", { name: "Create policy" });
  await policyDialog.getByLabel("Name").fill(policyName);
  await choose(page, "Action", "Login failed (login_failed)");
  await policyDialog.getByLabel("App").fill(app);
  await policyDialog.getByRole("button", { name: "Create policy" }).click();
  await expect(page.getByText(`Policy ${policyName} created.`)).toBeVisible();
  await expect(page.getByRole("row").filter({ hasText: policyName })).toContainText("Not bound");

  // 3. Events → Notification Rules: the rule, then bind the policy from the expanded row.
  await nav.getByRole("link", { name: "Notification Rules" }).click();
  await page.getByRole("button", { name: "Create rule" }).click();
  const ruleDialog = page.getByRole("dialog", { name: "Create rule" });
  await ruleDialog.getByLabel("Name").fill(ruleName);
  await pick(page, "rule-transports", [transportName]);
  await choose(page, "Severity", "Warning");
  await pickOne(page, "rule-group", groupName);
  await ruleDialog.getByRole("button", { name: "Create rule" }).click();
  await expect(page.getByText(`Rule ${ruleName} created.`)).toBeVisible();
  const ruleRow = page.getByRole("row").filter({ hasText: ruleName });
  await expect(ruleRow).toContainText(groupName);
  await ruleRow.getByRole("button", { name: "Expand row" }).click();
  await expect(page.getByText("Nothing is bound: this rule never fires.")).toBeVisible();
  await page.getByRole("button", { name: "Bind existing Policy / Group / User" }).click();
  const bindDialog = page.getByRole("dialog", { name: `Bind to ${ruleName}` });
  await pickOne(page, "binding-subject", policyName);
  await bindDialog.getByRole("button", { name: "Create binding" }).click();
  await expect(page.getByText("Binding created.")).toBeVisible();
  await expect(page.getByRole("table", { name: `Bindings of ${ruleName}` })).toContainText(policyName);

  // An integration reports a failed login for the app: the rule fires.
  const event = await request.post("/api/v3/events/events/", {
    headers: adminAuth,
    data: {
      action: "login_failed",
      app,
      client_ip: "203.0.113.9",
      context: { message: `Failed login for ${memberName}`, username: memberName },
    },
  });
  expect(event.status()).toBe(201);

  // Events → Deliveries shows it delivered.
  await nav.getByRole("link", { name: "Deliveries" }).click();
  await expect(page.getByRole("heading", { name: "Deliveries" })).toBeVisible();
  await expect(async () => {
    await page.reload();
    await expect(page.getByRole("row").filter({ hasText: ruleName }).first()).toContainText("delivered", {
      timeout: 1000,
    });
  }).toPass({ timeout: 20_000 });
  await page.getByRole("row").filter({ hasText: ruleName }).first().getByRole("button", { name: "Expand row" }).click();
  await expect(page.getByLabel("Delivery trace")).toContainText("passed, 1 recipient(s)");

  // 4. The group member signs in and finds the notification in the bell and on the notifications page.
  await signOut(page);
  await signIn(page, memberName, password);
  const bell = page.getByRole("button", { name: /Notifications \(1 unread\)/ });
  await expect(bell).toBeVisible({ timeout: 20_000 });
  await bell.click();
  const drawer = page.getByRole("dialog", { name: "Notifications" });
  await expect(drawer.getByRole("list", { name: "Your notifications" })).toContainText(
    `Failed login for ${memberName}`,
  );
  await drawer.getByRole("link", { name: "See all" }).click();
  const list = page.getByRole("list", { name: "Notifications", exact: true });
  await expect(list).toContainText(`Failed login for ${memberName}`);
  await expect(list).toContainText("Warning");
  await page.getByRole("button", { name: "Mark all read" }).click();
  await expect(page.getByTestId("page-unread")).toHaveText("No unread notifications");
  await expect(page.getByRole("button", { name: "Notifications", exact: true })).toBeVisible({ timeout: 20_000 });
});
