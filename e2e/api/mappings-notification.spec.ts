import { Configuration, PropertymappingsApi } from "@goauthentik/api";
import { expect, test } from "@playwright/test";
import { failure } from "../fixtures/api";
import { ADMIN_TOKEN, ADMIN_USERNAME, uniqueName } from "../fixtures/env";

/** /api/v3/propertymappings/notification/ (webhook mappings) through the real client, plus Herald's test action. */
const api = (baseURL: string | undefined) =>
  new PropertymappingsApi(new Configuration({ basePath: `${baseURL}/api/v3`, accessToken: ADMIN_TOKEN }));
const auth = { authorization: `Bearer ${ADMIN_TOKEN}` };

test("create, list, retrieve, update, used_by and delete a webhook mapping", async ({ baseURL }) => {
  const client = api(baseURL);
  const name = uniqueName("mapping");
  const created = await client.propertymappingsNotificationCreate({
    notificationWebhookMappingRequest: { name, expression: "return { text: notification.body, to: user.username }" },
  });
  expect(created).toMatchObject({ name, expression: "return { text: notification.body, to: user.username }" });
  const raw = await (
    await fetch(`${baseURL}/api/v3/propertymappings/notification/${created.pk}/`, { headers: auth })
  ).json();
  expect(raw).toMatchObject({
    component: "ak-property-mapping-notification-form",
    verbose_name: "Webhook Mapping",
    meta_model_name: "authentik_events.notificationwebhookmapping",
  });

  const listed = await client.propertymappingsNotificationList({ search: name.toUpperCase() });
  expect(listed.results.map((m) => m.pk)).toEqual([created.pk]);
  expect((await client.propertymappingsNotificationList({ name })).pagination.count).toBe(1);

  const renamed = await client.propertymappingsNotificationPartialUpdate({
    pmUuid: created.pk,
    patchedNotificationWebhookMappingRequest: { name: `${name}-v2` },
  });
  expect(renamed).toMatchObject({ name: `${name}-v2`, expression: created.expression });
  const replaced = await client.propertymappingsNotificationUpdate({
    pmUuid: created.pk,
    notificationWebhookMappingRequest: { name, expression: "notification.body = 'foo'" },
  });
  expect(replaced.expression).toBe("notification.body = 'foo'");
  expect(await client.propertymappingsNotificationUsedByList({ pmUuid: created.pk })).toEqual([]);

  await client.propertymappingsNotificationDestroy({ pmUuid: created.pk });
  expect((await failure(client.propertymappingsNotificationRetrieve({ pmUuid: created.pk }))).status).toBe(404);
});

test("expressions must compile; names are unique", async ({ baseURL }) => {
  const client = api(baseURL);
  const broken = await failure(
    client.propertymappingsNotificationCreate({
      notificationWebhookMappingRequest: { name: uniqueName("b"), expression: "return {" },
    }),
  );
  expect(broken.status).toBe(400);
  expect((broken.body.expression as string[])[0]).toMatch(/^SyntaxError: /);
  const name = uniqueName("dup");
  await client.propertymappingsNotificationCreate({
    notificationWebhookMappingRequest: { name, expression: "return 1" },
  });
  const duplicate = await failure(
    client.propertymappingsNotificationCreate({ notificationWebhookMappingRequest: { name, expression: "return 2" } }),
  );
  expect(Object.keys(duplicate.body)).toEqual(["name"]);
});

test("test action runs the mapping on a sample notification for the caller", async ({ baseURL, request }) => {
  const client = api(baseURL);
  const mapping = await client.propertymappingsNotificationCreate({
    notificationWebhookMappingRequest: {
      name: uniqueName("t"),
      expression:
        "notification.body = notification.body + '!'; return { to: request.user.username, severity: notification.severity }",
    },
  });
  const ok = await request.post(`/api/v3/propertymappings/notification/${mapping.pk}/test/`, {
    headers: auth,
    data: { notification: { body: "hi", severity: "alert" } },
  });
  expect(ok.status()).toBe(200);
  expect(await ok.json()).toMatchObject({
    ok: true,
    value: { to: ADMIN_USERNAME, severity: "alert" },
    notification: { body: "hi!" },
  });
  const empty = await request.post(`/api/v3/propertymappings/notification/${mapping.pk}/test/`, { headers: auth });
  expect((await empty.json()).notification.body).toBe("Test notification!");

  const looping = await client.propertymappingsNotificationCreate({
    notificationWebhookMappingRequest: { name: uniqueName("loop"), expression: "for (;;) {}" },
  });
  const timedOut = await request.post(`/api/v3/propertymappings/notification/${looping.pk}/test/`, {
    headers: auth,
    data: {},
  });
  expect(await timedOut.json()).toMatchObject({ ok: false, kind: "timeout" });
  const badSeverity = await request.post(`/api/v3/propertymappings/notification/${mapping.pk}/test/`, {
    headers: auth,
    data: { notification: { severity: "loud" } },
  });
  expect(badSeverity.status()).toBe(400);
  expect(Object.keys(await badSeverity.json())).toEqual(["notification"]);
});

test("mapping endpoints: malformed JSON, wrong types, oversized bodies, unknown ids, anonymous", async ({
  request,
}) => {
  const url = "/api/v3/propertymappings/notification/";
  const malformed = await request.post(url, {
    headers: { ...auth, "content-type": "application/json" },
    data: Buffer.from("nope"),
  });
  expect(malformed.status()).toBe(400);
  expect((await malformed.json()).non_field_errors[0]).toMatch(/JSON parse error/);
  const wrong = await request.post(url, { headers: auth, data: { name: ["x"], expression: {} } });
  expect(await wrong.json()).toEqual({ name: ["Not a valid string."], expression: ["Not a valid string."] });
  const big = await request.post(url, { headers: auth, data: { name: "big", expression: "x".repeat(1_100_000) } });
  expect(big.status()).toBe(400);
  expect((await request.get(`${url}6f1c2b1e-5b1a-4c1e-9a1e-1b1e1c1e1d1e/`, { headers: auth })).status()).toBe(404);
  expect((await request.get(`${url}zzz/used_by/`, { headers: auth })).status()).toBe(404);
  expect((await request.get(url)).status()).toBe(401);
});
