import { Configuration, CoreApi, EventActions, PoliciesApi } from "@goauthentik/api";
import { expect, test } from "@playwright/test";
import { failure } from "../fixtures/api";
import { ADMIN_TOKEN, ADMIN_USERNAME, uniqueName } from "../fixtures/env";

/** /api/v3/policies/expression/ and /api/v3/policies/all/ (list, types, test) through the real client. */
const config = (baseURL: string | undefined) =>
  new Configuration({ basePath: `${baseURL}/api/v3`, accessToken: ADMIN_TOKEN });
const auth = { authorization: `Bearer ${ADMIN_TOKEN}` };

/** The bootstrap admin's pk, via the users API when it exists, else the first user (pk 1). */
async function adminPk(baseURL: string | undefined): Promise<number> {
  const me = await new CoreApi(config(baseURL)).coreUsersMeRetrieve().catch(() => null);
  return me?.user.username === ADMIN_USERNAME ? me.user.pk : 1;
}

test("expression policies: create, reject code that does not compile, update, list in /all/", async ({ baseURL }) => {
  const api = new PoliciesApi(config(baseURL));
  const name = uniqueName("expr");
  const created = await api.policiesExpressionCreate({
    expressionPolicyRequest: { name, expression: "return ip_in_network(event.client_ip, '10.0.0.0/8')" },
  });
  expect(created).toMatchObject({
    name,
    component: "ak-policy-expression-form",
    metaModelName: "authentik_policies_expression.expressionpolicy",
    boundTo: 0,
  });

  const broken = await failure(
    api.policiesExpressionCreate({ expressionPolicyRequest: { name: uniqueName("broken"), expression: "return (" } }),
  );
  expect(broken.status).toBe(400);
  expect(Object.keys(broken.body)).toEqual(["expression"]);
  expect((broken.body.expression as string[])[0]).toMatch(/^SyntaxError: /);

  const updated = await api.policiesExpressionPartialUpdate({
    policyUuid: created.pk,
    patchedExpressionPolicyRequest: { executionLogging: true },
  });
  expect(updated.executionLogging).toBe(true);
  expect(updated.expression).toBe(created.expression);
  const replaced = await api.policiesExpressionUpdate({
    policyUuid: created.pk,
    expressionPolicyRequest: { name, expression: "return false" },
  });
  expect([replaced.expression, replaced.executionLogging]).toEqual(["return false", true]);

  const matcher = await api.policiesEventMatcherCreate({
    eventMatcherPolicyRequest: { name: uniqueName("m"), action: EventActions.Login },
  });
  const all = await api.policiesAllList({ search: name });
  expect(all.results.map((p) => [p.pk, p.component])).toEqual([[created.pk, "ak-policy-expression-form"]]);
  const unbound = await api.policiesAllList({ bindingsIsnull: true, pageSize: 1000 });
  expect(unbound.results.map((p) => p.pk)).toEqual(expect.arrayContaining([created.pk, matcher.pk]));
  expect((await api.policiesAllRetrieve({ policyUuid: matcher.pk })).metaModelName).toBe(
    "authentik_policies_event_matcher.eventmatcherpolicy",
  );

  // The kind endpoints only see their own kind.
  expect((await failure(api.policiesExpressionRetrieve({ policyUuid: matcher.pk }))).status).toBe(404);
  await api.policiesAllDestroy({ policyUuid: matcher.pk });
  expect((await failure(api.policiesEventMatcherRetrieve({ policyUuid: matcher.pk }))).status).toBe(404);
});

test("types lists the two creatable kinds", async ({ baseURL }) => {
  const types = await new PoliciesApi(config(baseURL)).policiesAllTypesList();
  expect(types.map((t) => [t.modelName, t.component])).toEqual([
    ["eventmatcherpolicy", "ak-policy-event-matcher-form"],
    ["expressionpolicy", "ak-policy-expression-form"],
  ]);
});

test("Test runs a policy for a user and a context, as a dry run", async ({ baseURL }) => {
  const api = new PoliciesApi(config(baseURL));
  const user = await adminPk(baseURL);
  const matcher = await api.policiesEventMatcherCreate({
    eventMatcherPolicyRequest: { name: uniqueName("m"), action: EventActions.LoginFailed, clientIp: "192.0.2.4" },
  });
  const event = { action: "login_failed", app: "herald.core", client_ip: "192.0.2.4", context: {} };
  const hit = await api.policiesAllTestCreate({
    policyUuid: matcher.pk,
    policyTestRequest: { user, context: { event } },
  });
  expect(hit).toEqual({ passing: true, messages: ["Action matched.", "Client IP matched."], logMessages: [] });
  const miss = await api.policiesAllTestCreate({
    policyUuid: matcher.pk,
    policyTestRequest: { user, context: { event: { ...event, action: "login" } } },
  });
  expect(miss.passing).toBe(false);

  const expression = await api.policiesExpressionCreate({
    expressionPolicyRequest: {
      name: uniqueName("e"),
      expression: "console.log('user', request.user.username); ak_message('checked'); return context.flag === 1",
    },
  });
  const result = await api.policiesAllTestCreate({
    policyUuid: expression.pk,
    policyTestRequest: { user, context: { flag: 1 } },
  });
  expect(result.passing).toBe(true);
  expect(result.messages).toEqual(["checked"]);
  expect(result.logMessages.map((l) => [l.logLevel, l.event])).toEqual([["info", `user ${ADMIN_USERNAME}`]]);

  const unknownUser = await failure(
    api.policiesAllTestCreate({ policyUuid: expression.pk, policyTestRequest: { user: 987654, context: {} } }),
  );
  expect(unknownUser.status).toBe(400);
  expect(Object.keys(unknownUser.body)).toEqual(["user"]);
});

test("runaway expressions are contained and the server keeps serving", async ({ baseURL, request }) => {
  const api = new PoliciesApi(config(baseURL));
  const user = await adminPk(baseURL);
  for (const [source, kind] of [
    ["for (;;) {}", "timeout"],
    ["const a = []; for (;;) a.push('x'.repeat(1000) + a.length);", "memory"],
    ["function f() { return f(); } return f();", "exception"],
    ["return typeof process + typeof require + typeof fetch", "none"],
  ]) {
    const policy = await api.policiesExpressionCreate({
      expressionPolicyRequest: { name: uniqueName("runaway"), expression: source },
    });
    const started = Date.now();
    const result = await api.policiesAllTestCreate({ policyUuid: policy.pk, policyTestRequest: { user, context: {} } });
    expect(Date.now() - started).toBeLessThan(5000);
    expect(result.passing).toBe(kind === "none");
    if (kind !== "none") expect(result.logMessages.at(-1)?.attributes).toEqual({ kind });
    const health = await request.get("/-/health/live/");
    expect(health.status()).toBe(200);
  }
});

test("expression endpoints: malformed JSON, wrong types, oversized bodies, anonymous", async ({ request }) => {
  const url = "/api/v3/policies/expression/";
  const malformed = await request.post(url, {
    headers: { ...auth, "content-type": "application/json" },
    data: Buffer.from("[1,"),
  });
  expect(malformed.status()).toBe(400);
  expect((await malformed.json()).non_field_errors[0]).toMatch(/JSON parse error/);
  const wrong = await request.post(url, { headers: auth, data: { name: uniqueName("x"), expression: 42 } });
  expect(await wrong.json()).toEqual({ expression: ["Not a valid string."] });
  expect(wrong.status()).toBe(400);
  const big = await request.post(url, {
    headers: auth,
    data: { name: "big", expression: `return '${"x".repeat(1024 * 1024)}'` },
  });
  expect(big.status()).toBe(400);
  const test400 = await request.post("/api/v3/policies/all/6f1c2b1e-5b1a-4c1e-9a1e-1b1e1c1e1d1e/test/", {
    headers: auth,
    data: { user: "admin" },
  });
  expect(test400.status()).toBe(400);
  expect(Object.keys(await test400.json())).toEqual(["user"]);
  expect((await request.get("/api/v3/policies/all/", { headers: { authorization: "Bearer nope" } })).status()).toBe(
    401,
  );
});
