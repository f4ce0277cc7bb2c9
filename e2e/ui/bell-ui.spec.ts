import { EventsApi, PoliciesApi, SeverityEnum } from "@goauthentik/api";
import { type APIRequestContext, type Browser, expect, type Page, test } from "@playwright/test";
import { adminAuth, apiConfig } from "../fixtures/api";
import { uniqueName } from "../fixtures/env";
import { signIn } from "../fixtures/ui";

/**
 * The bell in real Chromium against the real server: a member's open tabs hear new notifications
 * live (toast, badge, drawer) and see a change made in another tab; the drawer is a keyboard
 * dialog; the page pages by cursor, filters, bulk-changes, and fits a 390 px phone.
 */

const PASSWORD = "member-password-123";
/** Generous: dispatch is asynchronous and the machine is shared; nothing here measures speed. */
const ARRIVAL = { timeout: 30_000 };

/** A member in a group, and a bell-only rule (no transports) that notifies the group of `action`. */
async function memberWithRule(request: APIRequestContext, baseURL: string | undefined, action: string) {
  const username = uniqueName("bell-member");
  const member = await (
    await request.post("/api/v3/core/users/", {
      headers: adminAuth,
      data: { username, name: "Bell Member", email: `${username}@example.test` },
    })
  ).json();
  await request.post(`/api/v3/core/users/${member.pk}/set_password/`, {
    headers: adminAuth,
    data: { password: PASSWORD },
  });
  const group = await (
    await request.post("/api/v3/core/groups/", {
      headers: adminAuth,
      data: { name: uniqueName("bell"), users: [member.pk] },
    })
  ).json();
  const policies = new PoliciesApi(apiConfig(baseURL));
  const events = new EventsApi(apiConfig(baseURL));
  const matcher = await policies.policiesEventMatcherCreate({
    eventMatcherPolicyRequest: { name: uniqueName("bell-match"), action: action as never },
  });
  const rule = await events.eventsRulesCreate({
    notificationRuleRequest: {
      name: uniqueName("bell-rule"),
      transports: [],
      destinationGroup: group.pk,
      severity: SeverityEnum.Warning,
    },
  });
  await policies.policiesBindingsCreate({ policyBindingRequest: { target: rule.pk, policy: matcher.pk, order: 0 } });
  return { username };
}

async function postEvents(request: APIRequestContext, action: string, messages: string[]) {
  const response = await request.post("/api/v3/events/events/bulk/", {
    headers: adminAuth,
    data: messages.map((message) => ({ action, app: "e2e.bell", context: { message } })),
  });
  expect(response.status()).toBe(200);
}

async function memberTab(browser: Browser, username: string, path = "/account"): Promise<Page> {
  const context = await browser.newContext();
  const page = await context.newPage();
  await signIn(page, username, PASSWORD);
  await page.goto(path);
  return page;
}

const bell = (page: Page) => page.getByRole("button", { name: /^Notifications( \(\d+ unread\))?$/ });

async function waitForUnread(page: Page, count: number) {
  await expect
    .poll(
      async () =>
        (await (await page.request.get("/api/v3/events/notifications/?seen=false&page_size=1")).json()).pagination
          .count,
      ARRIVAL,
    )
    .toBe(count);
}

test("a new notification reaches the member's open tabs live; Mark all read clears the badge in both", async ({
  browser,
  request,
  baseURL,
}) => {
  const action = `custom_bell_${uniqueName("live").replaceAll("-", "_")}`;
  const { username } = await memberWithRule(request, baseURL, action);
  const first = await memberTab(browser, username);
  const second = await memberTab(browser, username, "/notifications");
  await expect(bell(first)).toHaveAccessibleName("Notifications");
  await expect(second.getByRole("list", { name: "Notifications", exact: true })).toHaveCount(0);

  const message = `Disk almost full on ${uniqueName("host")}`;
  await postEvents(request, action, [message]);

  // Both tabs, without a reload: the toast, the badge (and its polite announcement), the lists.
  for (const page of [first, second]) {
    await expect(page.locator('[data-sonner-toast][data-type="warning"]')).toBeVisible(ARRIVAL);
    await expect(bell(page)).toHaveAccessibleName("Notifications (1 unread)", ARRIVAL);
    await expect(page.getByTestId("bell-announcement")).toHaveText("1 unread");
  }
  await expect(second.getByRole("list", { name: "Notifications", exact: true })).toContainText(message, ARRIVAL);
  await bell(first).click();
  const drawer = first.getByRole("dialog", { name: "Notifications" });
  await expect(drawer.getByRole("list", { name: "Your notifications" })).toContainText(message);
  await expect(drawer).toContainText("1 unread");

  await drawer.getByRole("button", { name: "Mark all read" }).click();
  await expect(drawer).toContainText("No unread notifications");
  await first.keyboard.press("Escape");
  await expect(bell(first)).toHaveAccessibleName("Notifications");
  await expect(bell(second)).toHaveAccessibleName("Notifications", ARRIVAL);
  await expect(second.getByTestId("notification-item").first()).toHaveAttribute("data-seen", "true", ARRIVAL);
  await first.context().close();
  await second.context().close();
});

test("the drawer is a keyboard dialog: focus stays inside, Escape closes it and focus returns to the bell", async ({
  browser,
  request,
  baseURL,
}) => {
  const action = `custom_bell_${uniqueName("keys").replaceAll("-", "_")}`;
  const { username } = await memberWithRule(request, baseURL, action);
  await postEvents(request, action, ["Keyboard check one", "Keyboard check two"]);
  const page = await memberTab(browser, username);
  await waitForUnread(page, 2);
  await page.reload();

  await bell(page).focus();
  await page.keyboard.press("Enter");
  const drawer = page.getByRole("dialog", { name: "Notifications" });
  await expect(drawer).toBeVisible();
  await expect(drawer.getByRole("list", { name: "Your notifications" }).getByRole("listitem")).toHaveCount(2);
  for (let step = 0; step < 25; step += 1) {
    await page.keyboard.press("Tab");
    expect(await drawer.evaluate((node) => node.contains(document.activeElement))).toBe(true);
  }
  // Per-item controls by keyboard: mark one read.
  await drawer.getByRole("button", { name: "Mark as read" }).first().focus();
  await page.keyboard.press("Enter");
  await expect(drawer).toContainText("1 unread");
  await page.keyboard.press("Escape");
  await expect(drawer).toHaveCount(0);
  await expect(bell(page)).toBeFocused();
  await expect(bell(page)).toHaveAccessibleName("Notifications (1 unread)");
  await page.context().close();
});

test("the page: cursor infinite scroll past 50, filters, bulk select, Clear all; no horizontal scroll at 390 px", async ({
  browser,
  request,
  baseURL,
}) => {
  const action = `custom_bell_${uniqueName("page").replaceAll("-", "_")}`;
  const { username } = await memberWithRule(request, baseURL, action);
  const longToken = `token-${"x".repeat(300)}`;
  const messages = Array.from({ length: 60 }, (_, index) => `Bell page item ${String(index).padStart(2, "0")}`);
  messages.push(`A very long unbroken value ${longToken}`);
  await postEvents(request, action, messages);

  const page = await memberTab(browser, username);
  await waitForUnread(page, messages.length);
  await page.goto("/notifications");
  const list = page.getByRole("list", { name: "Notifications", exact: true });
  const items = list.getByTestId("notification-item");
  await expect(items).toHaveCount(50);

  // A phone: the long token wraps, the page never scrolls sideways, with the raw details open too.
  await page.setViewportSize({ width: 390, height: 844 });
  await page.getByLabel("Text", { exact: true }).fill("very long unbroken");
  await expect(items).toHaveCount(1);
  await items.first().getByText("Details").click();
  const overflow = await page.evaluate(
    () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
  );
  expect(overflow).toBe(0);
  await bell(page).click();
  const drawerOverflow = await page
    .getByRole("dialog", { name: "Notifications" })
    .evaluate((node) => node.scrollWidth - node.clientWidth);
  expect(drawerOverflow).toBe(0);
  await page.keyboard.press("Escape");
  await page.setViewportSize({ width: 1280, height: 800 });
  await page.getByLabel("Text", { exact: true }).fill("");

  // Severity filter (the rule's is warning) and a date range that ends before today.
  await page.getByLabel("Severity", { exact: true }).click();
  await page.getByRole("option", { name: "Alert", exact: true }).click();
  await expect(items).toHaveCount(0);
  await page.getByLabel("Severity", { exact: true }).click();
  await page.getByRole("option", { name: "Warning", exact: true }).click();
  await expect(items).toHaveCount(50);
  await page.getByLabel("To", { exact: true }).fill("2020-01-01");
  await expect(items).toHaveCount(0);
  await page.getByLabel("To", { exact: true }).fill("");
  await expect(items).toHaveCount(50);

  // Scrolling to the end of the list loads the next cursor page.
  await expect(items).toHaveCount(50);
  await items.last().scrollIntoViewIfNeeded();
  await expect(items).toHaveCount(messages.length);
  await expect(list).toContainText("Bell page item 00");

  // Text filter, then select two of what it shows and mark them read in one bulk request.
  await page.getByLabel("Text", { exact: true }).fill("item 0");
  await expect(items).toHaveCount(10);
  await page
    .getByRole("checkbox", { name: /^Select: / })
    .nth(0)
    .click();
  await page
    .getByRole("checkbox", { name: /^Select: / })
    .nth(1)
    .click();
  await expect(page.getByRole("toolbar", { name: "Selection" })).toContainText("2 selected");
  await page.getByRole("button", { name: "Mark read", exact: true }).click();
  await expect(bell(page)).toHaveAccessibleName(`Notifications (${messages.length - 2} unread)`);

  // Status filter: the two read ones only.
  await page.getByLabel("Text", { exact: true }).fill("");
  await page.getByLabel("Status", { exact: true }).click();
  await page.getByRole("option", { name: "Read", exact: true }).click();
  await expect(items).toHaveCount(2);
  await page.getByRole("checkbox", { name: "Select all loaded notifications" }).click();
  await page.getByRole("button", { name: "Mark unread", exact: true }).click();
  await expect(items).toHaveCount(0);
  await expect(page.getByText("Nothing matches these filters")).toBeVisible();
  await expect(bell(page)).toHaveAccessibleName(`Notifications (${messages.length} unread)`);

  await page.getByLabel("Status", { exact: true }).click();
  await page.getByRole("option", { name: "All", exact: true }).click();

  await page.getByLabel("Severity", { exact: true }).click();
  await page.getByRole("option", { name: "Any", exact: true }).click();

  // Clear all asks first, then empties the list and the badge.
  await page.getByLabel("Text", { exact: true }).fill("");
  await page.getByRole("button", { name: "Clear all" }).click();
  await page.getByRole("alertdialog").getByRole("button", { name: "Clear all" }).click();
  await expect(page.getByText("No notifications", { exact: true })).toBeVisible();
  await expect(bell(page)).toHaveAccessibleName("Notifications");
  await page.context().close();
});
