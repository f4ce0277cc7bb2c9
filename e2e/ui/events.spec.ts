import { expect, type Page, type TestInfo, test } from "@playwright/test";
import { adminAuth } from "../fixtures/api";
import { ADMIN_PASSWORD, ADMIN_USERNAME, uniqueName } from "../fixtures/env";
import { signIn } from "../fixtures/ui";

/** Screenshots are kept as artifacts: in the test's output folder and attached to the HTML report. */
async function keepScreenshot(
  page: Page,
  testInfo: TestInfo,
  name: string,
  target?: ReturnType<Page["locator"]>,
): Promise<void> {
  const path = testInfo.outputPath(`${name}.png`);
  await (target ?? page).screenshot({ path });
  await testInfo.attach(name, { path, contentType: "image/png" });
}

const BERLIN = { continent: "EU", country: "DE", city: "Berlin", lat: 52.52, long: 13.405 };
const SYDNEY = { continent: "OC", country: "AU", city: "Sydney", lat: -33.8688, long: 151.2093 };

test("the event log shows imported events in the table, chart and map; a map cluster filters the log", async ({
  page,
  request,
}, testInfo) => {
  const app = uniqueName("e2e-import");
  const login = (geo: typeof BERLIN, index: number) => ({
    action: "login",
    app,
    client_ip: geo === BERLIN ? `85.214.132.${index + 10}` : `1.144.110.${index + 10}`,
    user: { pk: 100 + index, username: `traveller-${index}`, email: `traveller-${index}@example.test` },
    context: { geo, auth_method: "password" },
  });
  // authentik's login_failed carries the attempted username in the context, not as the event user.
  const failed = (geo: typeof SYDNEY, index: number) => ({
    ...login(geo, index),
    action: "login_failed",
    user: {},
    context: { geo, username: `traveller-${index}` },
  });
  const bulk = await request.post("/api/v3/events/events/bulk/", {
    headers: adminAuth,
    data: [login(BERLIN, 1), login(BERLIN, 2), login(BERLIN, 3), failed(SYDNEY, 4), failed(SYDNEY, 5)],
  });
  expect(bulk.status()).toBe(200);
  expect((await bulk.json()).created).toBe(5);

  await signIn(page, ADMIN_USERNAME, ADMIN_PASSWORD);
  await page.goto(`/events?app=${app}`);
  const table = page.getByRole("table", { name: "Events" });
  await expect(table.getByRole("row")).toHaveCount(6); // header + five events
  await expect(page.getByRole("list", { name: "Active filters" })).toContainText(app);

  // The map aggregates the whole filter server-side: two places, five located events.
  const map = page.getByTestId("event-map");
  await expect(map).toHaveAttribute("data-clusters", "2");
  await expect(map).toHaveAttribute("data-located", "5");
  await expect(map.getByText("5 of 5 events located")).toBeVisible();
  // The chart stacks by action over the same filter; its legend names both actions present.
  await expect(page.locator(".recharts-legend-wrapper")).toContainText("Login failed");
  await keepScreenshot(page, testInfo, "event-log");
  await keepScreenshot(page, testInfo, "event-map", map);

  // Expanding a row shows the detail view in place.
  await table.getByRole("row").filter({ hasText: "1.144.110.14" }).getByRole("button", { name: "Expand row" }).click();
  await expect(table.getByRole("row").filter({ hasText: "Attempted to log in as traveller-4" })).toBeVisible();
  await table.getByRole("button", { name: "Collapse row" }).click();

  // Clicking the Sydney cluster narrows the log to its two failed logins, and the URL keeps the filter.
  const markers = map.locator("path.leaflet-interactive");
  await expect(markers).toHaveCount(2);
  // Sydney is the southern marker (larger y on screen); its tooltip names the country.
  const boxes = await Promise.all([0, 1].map(async (index) => (await markers.nth(index).boundingBox())?.y ?? 0));
  const sydney = boxes[0] > boxes[1] ? 0 : 1;
  await markers.nth(sydney).hover();
  await expect(page.getByRole("tooltip", { name: "AU: 2 events — click to filter" })).toBeVisible();
  await markers.nth(sydney).click({ force: true });
  await expect(page).toHaveURL(/geo_bbox=/);
  await expect(table.getByRole("row")).toHaveCount(3);
  await expect(table.getByRole("row").filter({ hasText: "1.144.110.14" })).toHaveCount(1);
  await expect(table.getByRole("row").filter({ hasText: "85.214.132.11" })).toHaveCount(0);
  await expect(map).toHaveAttribute("data-located", "2");

  // Back restores the unfiltered view: the state lives in the URL.
  await page.goBack();
  await expect(page).not.toHaveURL(/geo_bbox=/);
  await expect(table.getByRole("row")).toHaveCount(6);
});

test("an administrator's change is audited and shown as a side-by-side diff", async ({ page, request }, testInfo) => {
  const name = uniqueName("e2e-audited");
  const created = await request.post("/api/v3/core/groups/", {
    headers: adminAuth,
    data: { name, attributes: { tier: "bronze", region: "eu" } },
  });
  expect(created.status()).toBe(201);
  const group = await created.json();
  const patched = await request.patch(`/api/v3/core/groups/${group.pk}/`, {
    headers: adminAuth,
    data: { name: `${name}-renamed`, attributes: { tier: "gold", region: "eu" } },
  });
  expect(patched.status()).toBe(200);

  await signIn(page, ADMIN_USERNAME, ADMIN_PASSWORD);
  await page.goto(`/events?actions=model_updated&context_model_pk=${group.pk}`);
  const table = page.getByRole("table", { name: "Events" });
  await expect(table.getByRole("row")).toHaveCount(2);
  await table.getByRole("link", { name: "Show details" }).click();

  const changes = page.getByRole("table", { name: "Changes" });
  await expect(changes).toBeVisible();
  const nameRow = changes.getByRole("row").filter({ hasText: /^name/ });
  await expect(nameRow).toContainText(name);
  await expect(nameRow).toContainText(`${name}-renamed`);
  // Nested JSON is diffed per key: the changed tier shows, the unchanged region does not.
  await expect(changes.getByRole("row").filter({ hasText: "tier" })).toContainText("bronze");
  await expect(changes.getByRole("row").filter({ hasText: "tier" })).toContainText("gold");
  await expect(changes.getByRole("row").filter({ hasText: "region" })).toHaveCount(0);
  await keepScreenshot(page, testInfo, "event-diff");
});
