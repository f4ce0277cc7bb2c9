import { EventsApi, ResponseError, TransportModeEnum } from "@goauthentik/api";
import { expect, test } from "@playwright/test";
import { startHttpReceiver } from "../../lib/testing/receivers";
import { adminAuth, apiConfig, failure } from "../fixtures/api";
import { uniqueName } from "../fixtures/env";

/** /api/v3/events/transports/ through authentik's client, with a real webhook receiver on loopback. */

test("create, list, update, test against a real receiver, used_by and delete a webhook transport", async ({
  baseURL,
  request,
}) => {
  const api = new EventsApi(apiConfig(baseURL));
  const receiver = await startHttpReceiver(() => ({ status: 200, body: "thanks" }));
  try {
    const name = uniqueName("hook");
    const created = await api.eventsTransportsCreate({
      notificationTransportRequest: { name, mode: TransportModeEnum.Webhook, webhookUrl: receiver.url, sendOnce: true },
    });
    expect(created).toMatchObject({
      name,
      mode: "webhook",
      modeVerbose: "Generic Webhook",
      webhookUrl: receiver.url,
      sendOnce: true,
    });
    expect((await api.eventsTransportsList({ search: name })).results.map((t) => t.pk)).toEqual([created.pk]);
    expect(
      (await api.eventsTransportsList({ mode: TransportModeEnum.Webhook, sendOnce: true, search: name })).pagination
        .count,
    ).toBe(1);

    const patched = await api.eventsTransportsPartialUpdate({
      uuid: created.pk,
      patchedNotificationTransportRequest: { sendOnce: false },
    });
    expect(patched.sendOnce).toBe(false);

    const tested = await api.eventsTransportsTestCreate({ uuid: created.pk });
    expect(tested.messages).toEqual(["200", "thanks"]);
    expect(receiver.requests).toHaveLength(1);
    expect(JSON.parse(receiver.requests[0].body)).toMatchObject({
      body: `Test Notification from transport ${name}`,
      severity: "notice",
      user_username: "admin",
    });

    expect(await api.eventsTransportsUsedByList({ uuid: created.pk })).toEqual([]);
    // The change history is audited with diffs; the webhook URL is fingerprinted, not stored.
    const audit = await request.get(`/api/v3/events/events/?actions=model_updated&context_model_pk=${created.pk}`, {
      headers: adminAuth,
    });
    const [update] = (await audit.json()).results;
    expect(update.context.diff).toEqual({ send_once: { previous_value: true, new_value: false } });

    await api.eventsTransportsDestroy({ uuid: created.pk });
    expect((await failure(api.eventsTransportsRetrieve({ uuid: created.pk }))).status).toBe(404);
  } finally {
    await receiver.close();
  }
});

test("validation answers 400 naming the field, as authentik does", async ({ baseURL, request }) => {
  const api = new EventsApi(apiConfig(baseURL));
  const noUrl = await failure(
    api.eventsTransportsCreate({
      notificationTransportRequest: { name: uniqueName("t"), mode: TransportModeEnum.Webhook },
    }),
  );
  expect(noUrl).toEqual({ status: 400, body: { webhook_url: ["Webhook URL may not be empty."] } });
  const badSecret = await request.post("/api/v3/events/transports/", {
    headers: adminAuth,
    data: { name: uniqueName("t"), signing_secret: "hunter2" },
  });
  expect(badSecret.status()).toBe(400);
  expect(Object.keys(await badSecret.json())).toEqual(["signing_secret"]);
  const wrongType = await request.post("/api/v3/events/transports/", {
    headers: adminAuth,
    data: { name: uniqueName("t"), send_once: "sometimes" },
  });
  expect(await wrongType.json()).toEqual({ send_once: ["Must be a valid boolean."] });
  const malformed = await request.post("/api/v3/events/transports/", {
    headers: { ...adminAuth, "content-type": "application/json" },
    data: "{nope",
  });
  expect(malformed.status()).toBe(400);
  const oversized = await request.post("/api/v3/events/transports/", {
    headers: adminAuth,
    data: { name: "x".repeat(2 * 1024 * 1024) },
  });
  expect(oversized.status()).toBe(400);
  const missing = await request.post(`/api/v3/events/transports/not-a-uuid/test/`, { headers: adminAuth });
  expect(missing.status()).toBe(404);
});

test("a webhook to a loopback address not in HERALD_WEBHOOK_ALLOW_NETWORKS is refused with a clear error", async ({
  baseURL,
}) => {
  const api = new EventsApi(apiConfig(baseURL));
  const transport = await api.eventsTransportsCreate({
    notificationTransportRequest: {
      name: uniqueName("ssrf"),
      mode: TransportModeEnum.Webhook,
      webhookUrl: "http://127.0.0.2:9/admin",
    },
  });
  const error = await api.eventsTransportsTestCreate({ uuid: transport.pk }).then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ResponseError);
  const response = (error as ResponseError).response;
  expect(response.status).toBe(502);
  expect((await response.json()).detail).toMatch(/Refusing to send to 127\.0\.0\.2/);
});
