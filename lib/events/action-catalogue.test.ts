import assert from "node:assert/strict";
import { describe, it } from "node:test";
import {
  ACTION_DETAIL_FIELDS,
  ACTION_PATTERN,
  actionDetailRows,
  actionLabel,
  CUSTOM_PREFIX,
  EVENT_ACTIONS,
  isBuiltInAction,
  normalizeAction,
} from "./action-catalogue";

/** authentik 2026.8 `EventActions` enum (shared/reference/authentik-openapi-subset.yaml), without "custom_". */
const AUTHENTIK_EVENT_ACTIONS: readonly string[] = [
  "login",
  "login_failed",
  "logout",
  "user_write",
  "user_offboarded",
  "suspicious_request",
  "password_set",
  "secret_view",
  "secret_rotate",
  "invitation_used",
  "authorize_application",
  "source_linked",
  "impersonation_started",
  "impersonation_ended",
  "flow_execution",
  "policy_execution",
  "policy_exception",
  "property_mapping_exception",
  "system_task_execution",
  "system_task_exception",
  "system_exception",
  "configuration_error",
  "configuration_warning",
  "model_created",
  "model_updated",
  "model_deleted",
  "email_sent",
  "update_available",
  "export_ready",
  "review_initiated",
  "review_overdue",
  "review_attested",
  "review_completed",
  "access_request_created",
  "access_request_approved",
  "access_request_denied",
  "access_request_revoked",
];

describe("normalizeAction", () => {
  const cases: [string, string][] = [
    ["login", "login"],
    ["login_failed", "login_failed"],
    ["model_created", "model_created"],
    ["foo", "custom_foo"],
    ["deploy.finished", "custom_deploy.finished"],
    ["custom_x", "custom_x"],
    ["custom_", "custom_"],
    ["Login", "custom_Login"],
  ];
  for (const [input, expected] of cases) {
    it(`"${input}" → "${expected}"`, () => assert.equal(normalizeAction(input), expected));
  }

  it("keeps every built-in action as itself and is idempotent", () => {
    for (const action of EVENT_ACTIONS) {
      assert.equal(normalizeAction(action), action);
      assert.equal(isBuiltInAction(action), true);
    }
    for (const action of ["foo", "custom_bar", "login"]) {
      assert.equal(normalizeAction(normalizeAction(action)), normalizeAction(action));
    }
    assert.equal(isBuiltInAction("custom_foo"), false);
  });
});

describe("EVENT_ACTIONS", () => {
  it("has no duplicates and no custom_ entries", () => {
    assert.equal(new Set(EVENT_ACTIONS).size, EVENT_ACTIONS.length);
    assert.ok(EVENT_ACTIONS.every((action) => !action.startsWith(CUSTOM_PREFIX)));
  });

  it("knows authentik's review and access-request actions as built-ins (not custom_)", () => {
    for (const action of [
      "review_initiated",
      "review_overdue",
      "review_attested",
      "review_completed",
      "access_request_created",
      "access_request_approved",
      "access_request_denied",
      "access_request_revoked",
    ]) {
      assert.equal(normalizeAction(action), action);
      assert.ok(ACTION_DETAIL_FIELDS[action as keyof typeof ACTION_DETAIL_FIELDS], `${action} has a detail table`);
    }
  });

  it("only holds names authentik's EventActions enum knows", () => {
    const unknown = EVENT_ACTIONS.filter((action) => !AUTHENTIK_EVENT_ACTIONS.includes(action));
    assert.deepEqual(unknown, []);
  });
});

describe("actionLabel", () => {
  const cases: [string, string][] = [
    ["login_failed", "Login failed"],
    ["model_created", "Model created"],
    ["custom_deploy.finished", "Deploy finished"],
    ["custom_my-thing", "My thing"],
    ["review_overdue", "Review overdue"],
    ["access_request_denied", "Access request denied"],
    ["export_ready", "Export ready"],
  ];
  for (const [input, expected] of cases)
    it(`"${input}" → "${expected}"`, () => assert.equal(actionLabel(input), expected));
});

describe("ACTION_PATTERN", () => {
  for (const ok of ["login", "custom_x", "a", "deploy.finished", "ns:thing-1", "x".repeat(100)]) {
    it(`accepts "${ok.slice(0, 20)}"`, () => assert.match(ok, ACTION_PATTERN));
  }
  for (const bad of ["", "_x", "has space", "emoji🙂", "x".repeat(101), "semi;colon"]) {
    it(`rejects "${bad.slice(0, 20)}"`, () => assert.doesNotMatch(bad, ACTION_PATTERN));
  }
});

describe("actionDetailRows", () => {
  it("fills a review's table from the first context path present", () => {
    const rows = actionDetailRows("review_overdue", {
      model: { app: "authentik_core", model_name: "application", pk: "1f", name: "Grafana" },
      reviewers: [{ username: "ann" }, { username: "bo" }],
      due: "2026-12-01T00:00:00Z",
    });
    assert.deepEqual(rows, [
      ["Reviewed object", "Grafana"],
      ["Object type", "application"],
      ["Lifecycle rule", null],
      ["Reviewers", "ann, bo"],
      ["Due", "2026-12-01T00:00:00Z"],
      ["Message", null],
    ]);
  });

  it("reads an access request's application and people", () => {
    const rows = new Map(
      actionDetailRows("access_request_approved", {
        application: { name: "Vault" },
        requester: { username: "cy" },
        approver: "dee",
        reason: "on call",
      }),
    );
    assert.equal(rows.get("Application"), "Vault");
    assert.equal(rows.get("Requested by"), "cy");
    assert.equal(rows.get("Decided by"), "dee");
    assert.equal(rows.get("Reason"), "on call");
  });

  it("has no table for actions with their own view or custom ones", () => {
    assert.equal(actionDetailRows("login", {}), null);
    assert.equal(actionDetailRows("custom_review_overdue", {}), null);
  });
});
