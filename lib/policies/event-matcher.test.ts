import assert from "node:assert/strict";
import { describe, it } from "node:test";
import {
  eventModelKey,
  matchEvent,
  matcherQueryError,
  type TMatchableEvent,
  type TMatcherCriteria,
} from "./event-matcher";

const none: TMatcherCriteria = { action: null, clientIp: null, app: null, model: null };
const event: TMatchableEvent = {
  action: "login",
  app: "herald.core",
  client_ip: "192.0.2.1",
  context: { model: { app: "foo", model_name: "bar", pk: 1, name: "x" } },
};

describe("event matcher (authentik event_matcher tests 33–39, plus Herald's fixes)", () => {
  const table: Array<
    [
      name: string,
      criteria: Partial<TMatcherCriteria>,
      input: TMatchableEvent | null,
      passing: boolean,
      messages: string[],
    ]
  > = [
    ["33 action matches", { action: "login" }, event, true, ["Action matched."]],
    ["34 client IP matches", { clientIp: "192.0.2.1" }, event, true, ["Client IP matched."]],
    ["35 app matches", { app: "herald.core" }, event, true, ["App matched."]],
    ["36 model foo.bar matches", { model: "foo.bar" }, event, true, ["Model matched."]],
    ["37 client IP mismatch fails", { clientIp: "192.0.2.2" }, event, false, []],
    [
      "38 all fields mismatched fails",
      { action: "logout", clientIp: "198.51.100.1", app: "x.y", model: "a.b" },
      event,
      false,
      [],
    ],
    ["39 no event fails", { action: "login" }, null, false, ["No event to match."]],
    [
      "all set fields must match (AND)",
      { action: "login", app: "herald.core", model: "foo.bar", clientIp: "192.0.2.1" },
      event,
      true,
      ["Action matched.", "Client IP matched.", "App matched.", "Model matched."],
    ],
    [
      "one mismatch fails the AND; only passed checks give messages",
      { action: "login", app: "other.app" },
      event,
      false,
      ["Action matched."],
    ],
    [
      "a missing context.model never matches (no 'None.None')",
      { model: "None.None" },
      { ...event, context: {} },
      false,
      [],
    ],
    ["no criteria matches nothing", {}, event, false, ["Policy has no criteria."]],
    [
      "IPv6 compared in canonical form",
      { clientIp: "2001:DB8:0:0::1" },
      { ...event, client_ip: "2001:db8::1" },
      true,
      ["Client IP matched."],
    ],
    [
      "IPv4-mapped event address equals the IPv4 address",
      { clientIp: "192.0.2.1" },
      { ...event, client_ip: "::ffff:192.0.2.1" },
      true,
      ["Client IP matched."],
    ],
    [
      "event without client_ip does not match an IP",
      { clientIp: "192.0.2.1" },
      { ...event, client_ip: null },
      false,
      [],
    ],
    [
      "custom actions match exactly",
      { action: "custom_deploy" },
      { ...event, action: "custom_deploy" },
      true,
      ["Action matched."],
    ],
    ["action is not a prefix match", { action: "login" }, { ...event, action: "login_failed" }, false, []],
  ];
  for (const [name, criteria, input, passing, messages] of table) {
    it(name, () => {
      assert.deepEqual(matchEvent({ ...none, ...criteria }, input), { passing, messages });
    });
  }

  it("eventModelKey reads context.model app and model_name", () => {
    assert.equal(eventModelKey({ model: { app: "herald_core", model_name: "user" } }), "herald_core.user");
    assert.equal(eventModelKey({ model: "herald_core.user" }), null);
    assert.equal(eventModelKey({}), null);
    assert.equal(eventModelKey(null), null);
  });
});

describe("event matcher AKQL query (Herald's extension)", () => {
  const none = { action: null, clientIp: null, app: null, model: null };
  const event = {
    action: "login",
    app: "authentik.events",
    client_ip: "203.0.113.9",
    context: { geo: { country: "DE" } },
    user: { username: "alice" },
  };

  it("passes when the query and the other fields match, fails otherwise", () => {
    assert.deepEqual(matchEvent({ ...none, action: "login", query: 'context.geo.country = "DE"' }, event), {
      passing: true,
      messages: ["Action matched.", "Query matched."],
    });
    assert.equal(matchEvent({ ...none, query: 'user.username = "bob"' }, event).passing, false);
    assert.equal(matchEvent({ ...none, action: "logout", query: 'user.username ~ "ALI"' }, event).passing, false);
  });

  it("never passes on a query that does not parse, and names the problem for validation", () => {
    assert.equal(matchEvent({ ...none, query: "action = " }, event).passing, false);
    assert.match(matcherQueryError("action = ") ?? "", /column 10/);
    assert.equal(matcherQueryError('action = "login"'), null);
  });
});
