import { Configuration, EventActions, PoliciesApi } from "@goauthentik/api";
import { expect, test } from "@playwright/test";
import { failure } from "../fixtures/api";
import { ADMIN_TOKEN, uniqueName } from "../fixtures/env";

/**
 * /api/v3/policies/bindings/ through the real client. Bindings target notification rules, whose
 * API is a separate piece of work; the full binding life cycle (create/patch/delete against real
 * rules, exactly-one subject, uniqueness) is covered by lib/policies/bindings.test.ts on both
 * databases. Here: the HTTP contract that needs no rule.
 */
const api = (baseURL: string | undefined) =>
  new PoliciesApi(new Configuration({ basePath: `${baseURL}/api/v3`, accessToken: ADMIN_TOKEN }));
const auth = { authorization: `Bearer ${ADMIN_TOKEN}` };
const GHOST = "6f1c2b1e-5b1a-4c1e-9a1e-1b1e1c1e1d1e";

test("list answers authentik's paginated shape and filters by target", async ({ baseURL }) => {
  const page = await api(baseURL).policiesBindingsList({ target: GHOST, ordering: "order" });
  expect(page.results).toEqual([]);
  expect(page.pagination).toMatchObject({ count: 0, current: 1, totalPages: 1 });
});

test("create validates the subject and the target, naming the fields", async ({ baseURL }) => {
  const client = api(baseURL);
  const policy = await client.policiesEventMatcherCreate({
    eventMatcherPolicyRequest: { name: uniqueName("m"), action: EventActions.Login },
  });
  const both = await failure(
    client.policiesBindingsCreate({
      policyBindingRequest: { target: GHOST, order: 0, policy: policy.pk, group: GHOST },
    }),
  );
  expect(both.status).toBe(400);
  expect(both.body.non_field_errors).toEqual(["Only one of 'policy', 'group' or 'user' can be set."]);
  expect(Object.keys(both.body).sort()).toEqual(["group", "non_field_errors", "policy"]);

  const none = await failure(client.policiesBindingsCreate({ policyBindingRequest: { target: GHOST, order: 0 } }));
  expect(none.body.non_field_errors).toEqual(["One of 'policy', 'group' or 'user' must be set."]);

  const noRule = await failure(
    client.policiesBindingsCreate({ policyBindingRequest: { target: GHOST, order: 0, policy: policy.pk } }),
  );
  expect(noRule).toEqual({ status: 400, body: { target: [`Invalid pk "${GHOST}" - object does not exist.`] } });

  const negative = await failure(
    client.policiesBindingsCreate({
      policyBindingRequest: { target: GHOST, order: 0, policy: policy.pk, timeout: -1 },
    }),
  );
  expect(negative.body).toEqual({ timeout: ["Ensure this value is greater than or equal to 0."] });
});

test("binding endpoints: malformed JSON, wrong types, oversized bodies, unknown ids, anonymous", async ({
  request,
}) => {
  const url = "/api/v3/policies/bindings/";
  const malformed = await request.post(url, {
    headers: { ...auth, "content-type": "application/json" },
    data: Buffer.from("{"),
  });
  expect(malformed.status()).toBe(400);
  expect((await malformed.json()).non_field_errors[0]).toMatch(/JSON parse error/);
  const wrong = await request.post(url, { headers: auth, data: { target: "x", order: "first", negate: 1 } });
  expect(wrong.status()).toBe(400);
  expect(Object.keys(await wrong.json()).sort()).toEqual(["negate", "order", "target"]);
  const big = await request.post(url, {
    headers: auth,
    data: { target: GHOST, order: 0, padding: "x".repeat(1_100_000) },
  });
  expect(big.status()).toBe(400);
  expect((await request.get(`${url}${GHOST}/`, { headers: auth })).status()).toBe(404);
  expect((await request.patch(`${url}nope/`, { headers: auth, data: {} })).status()).toBe(404);
  expect((await request.get(`${url}${GHOST}/used_by/`, { headers: auth })).status()).toBe(404);
  expect((await request.get(url)).status()).toBe(401);
});
