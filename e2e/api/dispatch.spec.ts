import { CoreApi, EventsApi, PoliciesApi, SeverityEnum, TransportModeEnum } from "@goauthentik/api";
import { type APIRequestContext, expect, test } from "@playwright/test";
import { startHttpReceiver } from "../../lib/testing/receivers";
import { waitFor as poll } from "../../lib/testing/wait-for";
import { adminAuth, apiConfig, failure } from "../fixtures/api";
import { uniqueName } from "../fixtures/env";

/** Dispatch is asynchronous: poll the API for up to 30 s. */
const waitFor = <T>(probe: () => Promise<T | null | undefined | false>, what: string) =>
  poll(probe, what, { timeoutMs: 30_000, intervalMs: 200 });

/**
 * Rules, bindings, dispatch, the delivery ledger and the bell through the real server: events
 * posted to the API reach a loopback webhook and the group's bell; a dead delivery replays.
 * (The e2e servers run with HERALD_DELIVERY_RETRY_SCHEDULE=1s,1s.)
 */

async function memberWithToken(baseURL: string | undefined, request: APIRequestContext) {
  const core = new CoreApi(apiConfig(baseURL));
  const member = await core.coreUsersCreate({
    userRequest: { username: uniqueName("member"), name: "Member", email: "member@example.test" },
  });
  const token = await request.post("/api/v3/core/tokens/", {
    headers: adminAuth,
    data: { identifier: uniqueName("member-token"), user: member.pk, intent: "api", expiring: false },
  });
  const group = await core.coreGroupsCreate({ groupRequest: { name: uniqueName("on-call"), users: [member.pk] } });
  return { member, key: (await token.json()).key as string, group };
}

async function ruleFor(baseURL: string | undefined, action: string, options: { group: string; transports: string[] }) {
  const policies = new PoliciesApi(apiConfig(baseURL));
  const events = new EventsApi(apiConfig(baseURL));
  const matcher = await policies.policiesEventMatcherCreate({
    eventMatcherPolicyRequest: { name: uniqueName("match"), action: action as never },
  });
  const rule = await events.eventsRulesCreate({
    notificationRuleRequest: {
      name: uniqueName("rule"),
      transports: options.transports,
      destinationGroup: options.group,
      severity: SeverityEnum.Warning,
    },
  });
  await policies.policiesBindingsCreate({ policyBindingRequest: { target: rule.pk, policy: matcher.pk, order: 0 } });
  return rule;
}

test("an event reaches the group's bell and a loopback webhook; the ledger shows the trace", async ({
  baseURL,
  request,
}) => {
  const receiver = await startHttpReceiver(() => ({ status: 202, body: "queued" }));
  try {
    const events = new EventsApi(apiConfig(baseURL));
    const { member, key, group } = await memberWithToken(baseURL, request);
    const hook = await events.eventsTransportsCreate({
      notificationTransportRequest: {
        name: uniqueName("hook"),
        mode: TransportModeEnum.Webhook,
        webhookUrl: receiver.url,
      },
    });
    const rule = await ruleFor(baseURL, "custom_e2e_dispatch", { group: group.pk, transports: [hook.pk] });
    const local = await ruleFor(baseURL, "custom_e2e_dispatch", { group: group.pk, transports: [] });
    expect(rule.destinationGroupObj?.name).toBe(group.name);

    const event = await events.eventsEventsCreate({
      eventRequest: { action: "custom_e2e_dispatch" as never, app: "e2e", context: { message: "Disk almost full" } },
    });
    await waitFor(async () => receiver.requests.length === 1, "the webhook delivery");
    expect(JSON.parse(receiver.requests[0].body)).toMatchObject({
      body: "Disk almost full",
      severity: "warning",
      user_username: member.username,
    });

    // The member sees the bell notification of the rule without transports; the admin does not.
    const memberEvents = new EventsApi(apiConfig(baseURL, key));
    const bell = await waitFor(
      async () => (await memberEvents.eventsNotificationsList({})).results.find((n) => n.event?.pk === event.pk),
      "the bell notification",
    );
    expect(bell).toMatchObject({ body: "Disk almost full", severity: "warning", seen: false });
    expect((await events.eventsNotificationsList({})).results.find((n) => n.pk === bell.pk)).toBeUndefined();
    expect((await failure(events.eventsNotificationsRetrieve({ uuid: bell.pk }))).status).toBe(404);
    await memberEvents.eventsNotificationsMarkAllSeenCreate();
    expect((await memberEvents.eventsNotificationsRetrieve({ uuid: bell.pk })).seen).toBe(true);

    // The ledger: one delivered webhook delivery with its attempt and the rule decision.
    const ledger = await (
      await request.get(`/api/v3/events/deliveries/?event=${event.pk}&transport=${hook.pk}`, { headers: adminAuth })
    ).json();
    expect(ledger.results).toHaveLength(1);
    const trace = await (
      await request.get(`/api/v3/events/deliveries/${ledger.results[0].pk}/`, { headers: adminAuth })
    ).json();
    expect(trace).toMatchObject({
      status: "delivered",
      attempts: 1,
      rule: rule.pk,
      rule_decision: { passing: true, recipients: 1 },
    });
    expect(trace.attempts_log).toEqual([
      expect.objectContaining({ attempt: 1, ok: true, http_status: 202, response_excerpt: "queued" }),
    ]);
    expect(
      (
        await request
          .get(`/api/v3/events/deliveries/?event=${event.pk}&rule=${local.pk}`, { headers: adminAuth })
          .then((r) => r.json())
      ).results[0].transport_mode,
    ).toBe("local");
    // Non-admins cannot read the ledger.
    expect(
      (await request.get("/api/v3/events/deliveries/", { headers: { authorization: `Bearer ${key}` } })).status(),
    ).toBe(403);
  } finally {
    await receiver.close();
  }
});

test("a receiver that keeps failing is dead-lettered; replay through the API delivers", async ({
  baseURL,
  request,
}) => {
  let healthy = false;
  const receiver = await startHttpReceiver(() =>
    healthy ? { status: 200, body: "ok" } : { status: 500, body: "down" },
  );
  try {
    const events = new EventsApi(apiConfig(baseURL));
    const { group } = await memberWithToken(baseURL, request);
    const hook = await events.eventsTransportsCreate({
      notificationTransportRequest: {
        name: uniqueName("flaky"),
        mode: TransportModeEnum.Webhook,
        webhookUrl: receiver.url,
      },
    });
    await ruleFor(baseURL, "custom_e2e_dead", { group: group.pk, transports: [hook.pk] });
    const event = await events.eventsEventsCreate({
      eventRequest: { action: "custom_e2e_dead" as never, app: "e2e", context: {} },
    });
    const dead = await waitFor(async () => {
      const ledger = await (
        await request.get(`/api/v3/events/deliveries/?event=${event.pk}`, { headers: adminAuth })
      ).json();
      return ledger.results[0]?.status === "dead" && ledger.results[0];
    }, "the dead letter");
    expect(dead.attempts).toBe(3);
    expect(receiver.requests).toHaveLength(3);
    const again = await request.post(`/api/v3/events/deliveries/${dead.pk}/replay/`, { headers: adminAuth });
    healthy = true;
    expect(await again.json()).toEqual({ replayed: 1 });
    await waitFor(async () => {
      const trace = await (await request.get(`/api/v3/events/deliveries/${dead.pk}/`, { headers: adminAuth })).json();
      return trace.status === "delivered";
    }, "the replayed delivery");
    const notDead = await request.post(`/api/v3/events/deliveries/${dead.pk}/replay/`, { headers: adminAuth });
    expect(notDead.status()).toBe(400);
    expect(await notDead.json()).toEqual({ status: ["Only dead deliveries can be replayed; this one is delivered."] });
  } finally {
    await receiver.close();
  }
});

test("rules validate like authentik and are audited", async ({ baseURL, request }) => {
  const events = new EventsApi(apiConfig(baseURL));
  const ghost = "00000000-0000-4000-8000-000000000000";
  const bad = await failure(
    events.eventsRulesCreate({ notificationRuleRequest: { name: uniqueName("r"), transports: [ghost] } }),
  );
  expect(bad).toEqual({ status: 400, body: { transports: [`Invalid pk "${ghost}" - object does not exist.`] } });
  const wrongType = await request.post("/api/v3/events/rules/", {
    headers: adminAuth,
    data: { name: uniqueName("r"), severity: "loud" },
  });
  expect(await wrongType.json()).toEqual({ severity: ['"loud" is not a valid choice.'] });
  const rule = await events.eventsRulesCreate({ notificationRuleRequest: { name: uniqueName("r") } });
  await events.eventsRulesPartialUpdate({
    pbmUuid: rule.pk,
    patchedNotificationRuleRequest: { severity: SeverityEnum.Alert },
  });
  const audit = await (
    await request.get(`/api/v3/events/events/?actions=model_updated&context_model_pk=${rule.pk}`, {
      headers: adminAuth,
    })
  ).json();
  expect(audit.results[0].context.diff).toEqual({ severity: { previous_value: "notice", new_value: "alert" } });
  await events.eventsRulesDestroy({ pbmUuid: rule.pk });
  expect((await failure(events.eventsRulesRetrieve({ pbmUuid: rule.pk }))).status).toBe(404);
});
