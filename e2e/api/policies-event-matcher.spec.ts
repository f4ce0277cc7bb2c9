import { type AppEnum, Configuration, EventActions, type ModelEnum, PoliciesApi } from "@goauthentik/api";
import { expect, test } from "@playwright/test";
import { failure } from "../fixtures/api";
import { ADMIN_TOKEN, uniqueName } from "../fixtures/env";

/** /api/v3/policies/event_matcher/ through authentik's own generated client. */
const policiesApi = (baseURL: string | undefined, token = ADMIN_TOKEN) =>
  new PoliciesApi(new Configuration({ basePath: `${baseURL}/api/v3`, accessToken: token }));

const auth = { authorization: `Bearer ${ADMIN_TOKEN}` };

test("create, list, retrieve, patch and delete an event matcher", async ({ baseURL }) => {
  const api = policiesApi(baseURL);
  const name = uniqueName("matcher");
  const created = await api.policiesEventMatcherCreate({
    eventMatcherPolicyRequest: {
      name,
      action: EventActions.LoginFailed,
      app: "herald.core" as AppEnum,
      executionLogging: true,
    },
  });
  expect(created).toMatchObject({
    name,
    action: "login_failed",
    app: "herald.core",
    executionLogging: true,
    component: "ak-policy-event-matcher-form",
    verboseName: "Event Matcher Policy",
    verboseNamePlural: "Event Matcher Policies",
    metaModelName: "authentik_policies_event_matcher.eventmatcherpolicy",
    boundTo: 0,
  });
  expect(created.clientIp).toBeUndefined();
  expect(created.query).toBeUndefined();

  const listed = await api.policiesEventMatcherList({ action: EventActions.LoginFailed, search: name.slice(0, 14) });
  expect(listed.results.map((p) => p.pk)).toContain(created.pk);
  expect(listed.pagination.count).toBeGreaterThanOrEqual(1);
  const filteredOut = await api.policiesEventMatcherList({ name, app: "other.app" });
  expect(filteredOut.results).toHaveLength(0);

  const patched = await api.policiesEventMatcherPartialUpdate({
    policyUuid: created.pk,
    patchedEventMatcherPolicyRequest: { clientIp: "2001:DB8:0:0::7", model: "herald_core.user" as ModelEnum },
  });
  expect(patched).toMatchObject({ clientIp: "2001:db8::7", model: "herald_core.user", action: "login_failed" });
  expect((await api.policiesEventMatcherRetrieve({ policyUuid: created.pk })).clientIp).toBe("2001:db8::7");
  expect(await api.policiesEventMatcherUsedByList({ policyUuid: created.pk })).toEqual([]);

  await api.policiesEventMatcherDestroy({ policyUuid: created.pk });
  const gone = await failure(api.policiesEventMatcherRetrieve({ policyUuid: created.pk }));
  expect(gone.status).toBe(404);
  expect(gone.body.detail).toBe("No Policy matches the given query.");
});

test("validation answers 400 naming the field, with authentik's messages", async ({ baseURL }) => {
  const api = policiesApi(baseURL);
  const create = (request: Record<string, unknown>) =>
    failure(
      api.policiesEventMatcherCreate({ eventMatcherPolicyRequest: { name: uniqueName("bad"), ...request } as never }),
    );

  expect(await create({})).toEqual({ status: 400, body: { non_field_errors: ["At least one criteria must be set."] } });
  expect((await create({ clientIp: "192.0.2.0/24" })).body).toEqual({
    client_ip: ["Enter a valid IPv4 or IPv6 address."],
  });
  expect(Object.keys((await create({ action: "deploy" })).body)).toEqual(["action"]);
  expect((await create({ action: "login", query: "action = login" })).body).toEqual({
    query: ["AKQL queries are not supported; use an expression policy."],
  });
  expect(Object.keys((await create({ app: "core" })).body)).toEqual(["app"]);

  const name = uniqueName("dup");
  await api.policiesEventMatcherCreate({ eventMatcherPolicyRequest: { name, action: EventActions.Logout } });
  const duplicate = await failure(
    api.policiesEventMatcherCreate({ eventMatcherPolicyRequest: { name, action: EventActions.Login } }),
  );
  expect(duplicate).toEqual({ status: 400, body: { name: ["policy with this name already exists."] } });

  const existing = await api.policiesEventMatcherList({ name });
  const clearing = await failure(
    api.policiesEventMatcherPartialUpdate({
      policyUuid: existing.results[0].pk,
      patchedEventMatcherPolicyRequest: { action: null },
    }),
  );
  expect(clearing.body).toEqual({ non_field_errors: ["At least one criteria must be set."] });
});

test("malformed JSON, wrong types and oversized bodies are 400s, never 500s", async ({ request }) => {
  const url = "/api/v3/policies/event_matcher/";
  const malformed = await request.post(url, {
    headers: { ...auth, "content-type": "application/json" },
    data: Buffer.from("{not json"),
  });
  expect(malformed.status()).toBe(400);
  expect((await malformed.json()).non_field_errors[0]).toMatch(/JSON parse error/);

  const wrongType = await request.post(url, {
    headers: auth,
    data: { name: 5, action: ["login"], execution_logging: "yes" },
  });
  expect(wrongType.status()).toBe(400);
  expect(Object.keys(await wrongType.json()).sort()).toEqual(["action", "execution_logging", "name"]);

  const oversized = await request.post(url, {
    headers: auth,
    data: { name: "x".repeat(1024 * 1024 + 10), action: "login" },
  });
  expect(oversized.status()).toBe(400);
  expect((await oversized.json()).non_field_errors[0]).toMatch(/exceeds the limit/);
});

test("only administrators: 401 without credentials, 404 for malformed ids", async ({ request }) => {
  const anonymous = await request.get("/api/v3/policies/event_matcher/");
  expect(anonymous.status()).toBe(401);
  const bogus = await request.get("/api/v3/policies/event_matcher/not-a-uuid/", { headers: auth });
  expect(bogus.status()).toBe(404);
  const unknown = await request.delete("/api/v3/policies/event_matcher/6f1c2b1e-5b1a-4c1e-9a1e-1b1e1c1e1d1e/", {
    headers: auth,
  });
  expect(unknown.status()).toBe(404);
});
