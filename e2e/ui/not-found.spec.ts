import { randomUUID } from "node:crypto";
import { expect, test } from "@playwright/test";
import { adminAuth } from "../fixtures/api";
import { ADMIN_PASSWORD, ADMIN_USERNAME, uniqueName } from "../fixtures/env";
import { signIn } from "../fixtures/ui";

type TMissing = { kind: string; path: string; title: string; link: string; list: string; listHeading: string };

/** One URL per kind of object that names nothing, and where its not-found page must lead. */
const MISSING: TMissing[] = [
  {
    kind: "event",
    path: `/events/${randomUUID()}`,
    title: "No event with this ID",
    link: "Back to the event log",
    list: "/events",
    listHeading: "Event Log",
  },
  {
    kind: "user",
    path: "/directory/users/2147483000",
    title: "No user with this ID",
    link: "Back to users",
    list: "/directory/users",
    listHeading: "Users",
  },
  {
    kind: "group",
    path: `/directory/groups/${randomUUID()}`,
    title: "No group with this ID",
    link: "Back to groups",
    list: "/directory/groups",
    listHeading: "Groups",
  },
  {
    kind: "rule",
    path: `/events/rules/${randomUUID()}`,
    title: "No notification rule with this ID",
    link: "Back to notification rules",
    list: "/events/rules",
    listHeading: "Notification Rules",
  },
  // A malformed id never reaches the database, and answers the same way as a missing row.
  {
    kind: "malformed user id",
    path: "/directory/users/1e3",
    title: "No user with this ID",
    link: "Back to users",
    list: "/directory/users",
    listHeading: "Users",
  },
  {
    kind: "malformed event id",
    path: "/events/not-a-uuid",
    title: "No event with this ID",
    link: "Back to the event log",
    list: "/events",
    listHeading: "Event Log",
  },
];

const listPath = (list: string) => new RegExp(`${list.replaceAll("/", "\\/")}$`);

for (const missing of MISSING) {
  test(`an unknown ${missing.kind} says so inside the admin chrome and links back to its list`, async ({ page }) => {
    await signIn(page, ADMIN_USERNAME, ADMIN_PASSWORD);
    await page.goto(missing.path);
    await expect(page.getByRole("heading", { level: 1, name: missing.title })).toBeVisible();
    // The segment's not-found page, not the root one: the sidebar is still there.
    await expect(page.getByRole("navigation", { name: "Administration" })).toBeVisible();
    await expect(page.getByRole("heading", { name: "Page not found" })).toHaveCount(0);
    // Next marks a notFound() page noindex (streamed pages keep their 200, so the tag is the signal).
    await expect(page.locator('meta[name="robots"][content~="noindex"]').first()).toBeAttached();

    const back = page.getByRole("link", { name: missing.link });
    await expect(back).toHaveAttribute("href", missing.list);
    await back.click();
    await expect(page).toHaveURL(listPath(missing.list));
    // The event log renders its first page from the whole log: on a busy machine that takes seconds.
    await expect(page.getByRole("heading", { level: 1, name: missing.listHeading })).toBeVisible({ timeout: 30_000 });
  });
}

test("a rule's own URL opens the rule list searched for its name", async ({ page, request }) => {
  const name = uniqueName("e2e-permalink-rule");
  const created = await request.post("/api/v3/events/rules/", { headers: adminAuth, data: { name } });
  expect(created.status()).toBe(201);
  const rule = await created.json();

  await signIn(page, ADMIN_USERNAME, ADMIN_PASSWORD);
  await page.goto(`/events/rules/${rule.pk}`);
  await expect(page).toHaveURL(new RegExp(`/events/rules\\?search=${name}$`));
  await expect(page.getByRole("table", { name: "Rules" }).getByRole("row").filter({ hasText: name })).toHaveCount(1);
  await expect(page.getByRole("heading", { name: "No notification rule with this ID" })).toHaveCount(0);
});

test("an unknown top-level path shows the root not-found page with a 404 and a link home", async ({ page }) => {
  // Signed out first: the page must not depend on a session.
  const anonymous = await page.goto("/no-such-page");
  expect(anonymous?.status()).toBe(404);
  await expect(page.getByRole("heading", { level: 1, name: "Page not found" })).toBeVisible();
  await expect(page.getByRole("navigation", { name: "Administration" })).toHaveCount(0);

  await signIn(page, ADMIN_USERNAME, ADMIN_PASSWORD);
  const signedIn = await page.goto("/nope");
  expect(signedIn?.status()).toBe(404);
  await expect(page.getByRole("heading", { level: 1, name: "Page not found" })).toBeVisible();
  // The home link resolves per role; an administrator lands on the dashboard.
  await page.getByRole("link", { name: "Go home" }).click();
  await expect(page).toHaveURL(/\/$/);
  await expect(page.getByRole("heading", { level: 1, name: "Dashboard" })).toBeVisible();
});

test("the favicon is an SVG that Next serves and links from every page", async ({ page, request }) => {
  const icon = await request.get("/icon.svg");
  expect(icon.status()).toBe(200);
  expect(icon.headers()["content-type"]).toMatch(/^image\/svg\+xml/);
  expect(await icon.text()).toContain("<svg");

  await page.goto("/login");
  const link = page.locator('head link[rel="icon"]');
  await expect(link).toHaveCount(1);
  await expect(link).toHaveAttribute("href", /^\/icon\.svg/);
  await expect(link).toHaveAttribute("type", "image/svg+xml");
});
