import fs from "node:fs";
import path from "node:path";
import { CoreApi, EventActions, EventsApi } from "@goauthentik/api";
import { expect, test } from "@playwright/test";
import { adminAuth, apiConfig, failure } from "../fixtures/api";
import { uniqueName } from "../fixtures/env";

/** /api/v3/events/events/ through authentik's own generated client. */
const eventsApi = (baseURL: string | undefined, token?: string) => new EventsApi(apiConfig(baseURL, token));
const FIXTURE = JSON.parse(fs.readFileSync(path.join(__dirname, "../fixtures/authentik-sample-events.json"), "utf8"));

test("create, retrieve and filter events; the log is append-only", async ({ baseURL, request }) => {
  const api = eventsApi(baseURL);
  const app = uniqueName("app");
  const created = await api.eventsEventsCreate({
    eventRequest: {
      action: EventActions.LoginFailed,
      app,
      clientIp: "81.2.69.142",
      context: { username: "mallory", password: "hunter2" },
      user: {},
    },
  });
  expect(created.action).toBe("login_failed");
  expect(created.context?.password).toBe("*".repeat(20));
  expect((created.context?.geo as Record<string, unknown>).country).toBe("GB");
  expect(created.created).toBeInstanceOf(Date);

  expect((await api.eventsEventsRetrieve({ eventUuid: created.pk })).app).toBe(app);
  const listed = await api.eventsEventsList({
    search: app,
    actions: [EventActions.LoginFailed],
    username: "mallory",
    clientIp: "81.2.69.142",
  });
  expect(listed.results.map((event) => event.pk)).toEqual([created.pk]);
  expect(listed.pagination.count).toBe(1);
  expect((await api.eventsEventsList({ search: app, action: "logout" })).results).toHaveLength(0);

  for (const method of ["put", "patch", "delete"] as const) {
    const response = await request[method](`/api/v3/events/events/${created.pk}/`, {
      headers: adminAuth,
      data: { action: "login" },
    });
    expect(response.status()).toBe(405);
    expect((await response.json()).detail).toMatch(/append-only/);
  }
  expect((await failure(api.eventsEventsDestroy({ eventUuid: created.pk }))).status).toBe(405);
  expect((await failure(api.eventsEventsRetrieve({ eventUuid: "00000000-0000-4000-8000-000000000000" }))).status).toBe(
    404,
  );
});

test("a client-chosen pk makes create idempotent", async ({ request }) => {
  const pk = crypto.randomUUID();
  const body = { pk, action: "custom_sync", app: uniqueName("app"), context: { n: 1 } };
  const first = await request.post("/api/v3/events/events/", { headers: adminAuth, data: body });
  const second = await request.post("/api/v3/events/events/", {
    headers: adminAuth,
    data: { ...body, context: { n: 2 } },
  });
  expect([first.status(), second.status()]).toEqual([201, 200]);
  expect((await second.json()).context).toEqual({ n: 1 });
});

test("bulk: JSON array, NDJSON, per-item errors, and authentik's own export imported once", async ({
  baseURL,
  request,
}) => {
  const imported = await request.post("/api/v3/events/events/bulk/", { headers: adminAuth, data: FIXTURE });
  const first = await imported.json();
  expect(first.created + first.existing).toBe(FIXTURE.length);
  const again = await (await request.post("/api/v3/events/events/bulk/", { headers: adminAuth, data: FIXTURE })).json();
  expect([again.created, again.existing]).toEqual([0, FIXTURE.length]);
  const stored = await eventsApi(baseURL).eventsEventsRetrieve({ eventUuid: FIXTURE[0].pk });
  expect(stored.created.toISOString()).toBe(new Date(FIXTURE[0].created).toISOString());
  expect(stored.user).toEqual(FIXTURE[0].user);

  const app = uniqueName("nd");
  const ndjson = [
    JSON.stringify({ action: "login", app }),
    "{broken",
    JSON.stringify({ action: "logout", app, client_ip: "nope" }),
    JSON.stringify({ action: "logout", app }),
  ].join("\n");
  const response = await request.post("/api/v3/events/events/bulk/", {
    headers: { ...adminAuth, "content-type": "application/x-ndjson" },
    data: Buffer.from(ndjson),
  });
  expect(response.status()).toBe(200);
  const result = await response.json();
  expect(result.results.map((item: { status: string }) => item.status)).toEqual([
    "created",
    "invalid",
    "invalid",
    "created",
  ]);
  expect(result.results[1].errors.non_field_errors[0]).toMatch(/Line 2: JSON parse error/);
  expect(result.results[2].errors).toEqual({ client_ip: ["Enter a valid IPv4 or IPv6 address."] });

  const tooMany = await request.post("/api/v3/events/events/bulk/", {
    headers: adminAuth,
    data: new Array(1001).fill({ action: "x", app: "y" }),
  });
  expect(tooMany.status()).toBe(400);
});

test("actions, volume and top_per_user answer in authentik's shapes", async ({ baseURL, request }) => {
  const api = eventsApi(baseURL);
  const actions = await api.eventsEventsActionsList();
  expect(actions.find((action) => action.component === "login_failed")).toEqual({
    name: "Login failed",
    description: "",
    component: "login_failed",
    modelName: "",
  });

  const app = uniqueName("vol");
  await request.post("/api/v3/events/events/bulk/", {
    headers: adminAuth,
    data: [
      {
        action: "authorize_application",
        app,
        user: { pk: 1, username: "a" },
        context: { authorized_application: { pk: app, name: app } },
      },
      {
        action: "authorize_application",
        app,
        user: { pk: 2, username: "b" },
        context: { authorized_application: { pk: app, name: app } },
      },
    ],
  });
  const volume = await api.eventsEventsVolumeList({ search: app, actions: [EventActions.AuthorizeApplication] });
  expect(volume.reduce((sum, point) => sum + point.count, 0)).toBe(2);
  expect(volume[0].action).toBe("authorize_application");
  const top = await api.eventsEventsTopPerUserList({ action: "authorize_application", topN: 100 });
  const mine = top.find((row) => (row.application as { pk?: string }).pk === app);
  expect(mine).toMatchObject({ countedEvents: 2, uniqueUsers: 2 });

  const map = await request.get(`/api/v3/events/events/map/?zoom=2&search=${app}`, { headers: adminAuth });
  expect(await map.json()).toMatchObject({ zoom: 2, clusters: [], total: 2 });
});

test("admin changes made through the API appear as audit events with diffs", async ({ baseURL }) => {
  const core = new CoreApi(apiConfig(baseURL));
  const user = await core.coreUsersCreate({ userRequest: { username: uniqueName("audited"), name: "First" } });
  await core.coreUsersPartialUpdate({ id: user.pk, patchedUserRequest: { name: "Second" } });
  const audit = await eventsApi(baseURL).eventsEventsList({
    contextModelPk: String(user.pk),
    contextModelName: "user",
    ordering: "created",
  });
  expect(audit.results.map((event) => event.action)).toEqual(["model_created", "model_updated"]);
  expect(audit.results[1].context?.diff).toEqual({ name: { previous_value: "First", new_value: "Second" } });
});

test("bad input is a 400 naming the field; anonymous is 401; non-admins 403", async ({ baseURL, request }) => {
  const url = "/api/v3/events/events/";
  const malformed = await request.post(url, {
    headers: { ...adminAuth, "content-type": "application/json" },
    data: Buffer.from("{nope"),
  });
  expect(malformed.status()).toBe(400);
  const wrongTypes = await request.post(url, {
    headers: adminAuth,
    data: { action: 5, app: "x", context: "text", client_ip: "300.1.1.1" },
  });
  expect(Object.keys(await wrongTypes.json()).sort()).toEqual(["action", "client_ip", "context"]);
  const bigContext = await request.post(url, {
    headers: adminAuth,
    data: { action: "login", app: "x", context: { blob: "x".repeat(70_000) } },
  });
  expect((await bigContext.json()).context[0]).toMatch(/64 KiB/);
  const oversized = await request.post(url, {
    headers: adminAuth,
    data: { action: "login", app: "x".repeat(1024 * 1024 + 1) },
  });
  expect((await oversized.json()).non_field_errors[0]).toMatch(/exceeds the limit/);
  const badFilter = await request.get(`${url}?page_size=abc&ordering=password`, { headers: adminAuth });
  expect(Object.keys(await badFilter.json()).sort()).toEqual(["ordering", "page_size"]);
  expect((await request.get(url)).status()).toBe(401);

  const core = new CoreApi(apiConfig(baseURL));
  const user = await core.coreUsersCreate({ userRequest: { username: uniqueName("plain"), name: "" } });
  const token = await (
    await request.post("/api/v3/core/tokens/", {
      headers: adminAuth,
      data: { identifier: uniqueName("t"), user: user.pk, expiring: false },
    })
  ).json();
  expect((await failure(eventsApi(baseURL, token.key).eventsEventsList({}))).status).toBe(403);
  expect(
    (
      await failure(
        eventsApi(baseURL, token.key).eventsEventsCreate({ eventRequest: { action: EventActions.Login, app: "x" } }),
      )
    ).status,
  ).toBe(403);
});
