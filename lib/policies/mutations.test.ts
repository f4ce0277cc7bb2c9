import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { and, eq, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { events } from "@/db/schema";
import { parseWith } from "@/lib/api/http";
import { ZPageParams } from "@/lib/api/pagination";
import type { AppError } from "@/lib/errors";
import { adminActor } from "@/lib/testing/actors";
import { testBackends } from "@/lib/testing/test-db";
import { createPolicy, deletePolicy, updatePolicy } from "./mutations";
import { getSerializedPolicy, listPolicies, policyUsedBy } from "./queries";
import { bind, makeEvent, makeRule, makeUser } from "./test-fixtures";
import { tryPolicy } from "./try-policy";
import { ZExpressionCreate, ZMatcherCreate, ZMatcherPatch, ZPolicyListQuery } from "./validation";

const fieldErrors = (error: unknown) => (error as AppError).fieldErrors ?? {};

describe("policy validation (zod)", () => {
  const table: Array<[input: Record<string, unknown>, field: string | null]> = [
    [{ name: "a", action: "login" }, null],
    [{ name: "a", action: "custom_deploy" }, null],
    [{ name: "a", action: "" }, null],
    [{ name: "a", action: "deploy" }, "action"],
    [{ name: "a", action: "custom_" }, "action"],
    [{ name: "a", client_ip: "192.0.2.1" }, null],
    [{ name: "a", client_ip: "2001:db8::1" }, null],
    [{ name: "a", client_ip: "192.0.2.0/24" }, "client_ip"],
    [{ name: "a", client_ip: "127.1" }, "client_ip"],
    [{ name: "a", app: "herald.core" }, null],
    [{ name: "a", app: "authentik.events" }, null],
    [{ name: "a", app: "core" }, "app"],
    [{ name: "a", model: "herald_core.user" }, null],
    [{ name: "a", model: "a.b.c" }, "model"],
    [{ name: "a", action: "login", query: "action = login" }, "query"],
    [{ name: "a", action: "login", query: null }, null],
    [{ name: "", action: "login" }, "name"],
    [{ action: "login" }, "name"],
    [{ name: "a", action: 5 }, "action"],
    [{ name: "a", execution_logging: "yes" }, "execution_logging"],
  ];
  for (const [input, field] of table) {
    it(`${JSON.stringify(input)} → ${field ?? "valid"}`, () => {
      const result = ZMatcherCreate.safeParse(input);
      if (field === null) assert.equal(result.success, true, JSON.stringify(result.error?.issues));
      else assert.deepEqual(result.success ? [] : result.error.issues.map((i) => i.path[0]), [field]);
    });
  }

  it("normalises client IPs to their canonical form", () => {
    assert.equal(ZMatcherCreate.parse({ name: "a", client_ip: "2001:DB8:0:0::1" }).client_ip, "2001:db8::1");
    assert.equal(ZMatcherPatch.parse({ client_ip: "::ffff:192.0.2.1" }).client_ip, "192.0.2.1");
  });

  it("query is rejected with an explanation", () => {
    const result = ZMatcherCreate.safeParse({ name: "a", action: "login", query: "x" });
    assert.equal(result.error?.issues[0].message, "AKQL queries are not supported; use an expression policy.");
  });
});

for (const backend of testBackends()) {
  describe(`policy CRUD (${backend.name})`, () => {
    let handle: Awaited<ReturnType<typeof backend.open>>;
    let db: Db;
    before(async () => {
      handle = await backend.open();
      db = handle.db;
    });
    after(async () => {
      await handle.dispose();
    });

    const audits = (action: string, pk: string) =>
      db
        .select()
        .from(events)
        .where(and(eq(events.action, action), sql`${events.context}->'model'->>'pk' = ${pk.replaceAll("-", "")}`));

    it("creates an event matcher, audits it, and refuses one without criteria", async () => {
      const fields = ZMatcherCreate.parse({ name: "failed logins", action: "login_failed", execution_logging: true });
      const policy = await createPolicy(db, adminActor(), { kind: "event_matcher", fields });
      const [audit] = await audits("model_created", policy.policyUuid);
      assert.equal((audit.context.model as { model_name: string }).model_name, "eventmatcherpolicy");
      assert.equal((audit.context.diff as Record<string, { new_value: unknown }>).action.new_value, "login_failed");
      assert.equal(audit.app, "herald.policies");
      await assert.rejects(
        createPolicy(db, adminActor(), { kind: "event_matcher", fields: ZMatcherCreate.parse({ name: "empty" }) }),
        (error) =>
          assert.deepEqual(fieldErrors(error), { non_field_errors: ["At least one criteria must be set."] }) ?? true,
      );
      await assert.rejects(
        updatePolicy(db, adminActor(), policy.policyUuid, { kind: "event_matcher", fields: { action: null } }),
        (error) => Boolean(fieldErrors(error).non_field_errors),
      );
    });

    it("rejects duplicate names with a field error", async () => {
      await createPolicy(db, adminActor(), {
        kind: "expression",
        fields: ZExpressionCreate.parse({ name: "dup", expression: "return 1" }),
      });
      await assert.rejects(
        createPolicy(db, adminActor(), {
          kind: "event_matcher",
          fields: ZMatcherCreate.parse({ name: "dup", action: "login" }),
        }),
        (error) => assert.deepEqual(fieldErrors(error), { name: ["policy with this name already exists."] }) ?? true,
      );
    });

    it("validates that an expression compiles, at create and update", async () => {
      await assert.rejects(
        createPolicy(db, adminActor(), {
          kind: "expression",
          fields: ZExpressionCreate.parse({ name: "bad", expression: "return (" }),
        }),
        (error) => /^SyntaxError: /.test(fieldErrors(error).expression?.[0] ?? ""),
      );
      const ok = await createPolicy(db, adminActor(), {
        kind: "expression",
        fields: ZExpressionCreate.parse({ name: "ok", expression: "return true" }),
      });
      await assert.rejects(
        updatePolicy(db, adminActor(), ok.policyUuid, { kind: "expression", fields: { expression: "}" } }),
        (e) => Boolean(fieldErrors(e).expression),
      );
      const updated = await updatePolicy(db, adminActor(), ok.policyUuid, {
        kind: "expression",
        fields: { expression: "return false" },
      });
      assert.equal(updated.expression, "return false");
      const [audit] = await audits("model_updated", ok.policyUuid);
      assert.deepEqual(Object.keys(audit.context.diff as object), ["expression"]);
    });

    it("lists with filters and bound_to, reports used_by, and deletes bindings with the policy", async () => {
      const policy = await createPolicy(db, adminActor(), {
        kind: "event_matcher",
        fields: ZMatcherCreate.parse({ name: "bound", action: "logout", app: "herald.core" }),
      });
      const rule = await makeRule(db, { name: "rule for bound" });
      await bind(db, rule, { policy: policy.policyUuid }, { order: 7 });
      const page = await listPolicies(db, "event_matcher", ZPolicyListQuery.parse({ action: "logout" }));
      assert.deepEqual(
        page.results.map((p) => [p.name, p.bound_to, p.component]),
        [["bound", 1, "ak-policy-event-matcher-form"]],
      );
      const all = await listPolicies(
        db,
        undefined,
        ZPolicyListQuery.parse({ search: "OUN", bindings__isnull: "false" }),
      );
      assert.deepEqual(
        all.results.map((p) => p.name),
        ["bound"],
      );
      assert.deepEqual(
        (await policyUsedBy(db, policy.policyUuid)).map((u) => [u.model_name, u.name, u.action]),
        [["policybinding", "Binding from rule for bound #7 to bound", "cascade"]],
      );
      await assert.rejects(
        getSerializedPolicy(db, policy.policyUuid, "expression"),
        (e) => (e as AppError).code === "not_found",
      );
      await deletePolicy(db, adminActor(), policy.policyUuid);
      assert.equal(
        (await listPolicies(db, undefined, parseWith(ZPolicyListQuery, { ...ZPageParams.parse({}), name: "bound" })))
          .pagination.count,
        0,
      );
      assert.equal((await audits("model_deleted", policy.policyUuid)).length, 1);
    });

    it("Test runs a policy for a user against a stored event, without side effects", async () => {
      const user = await makeUser(db);
      const event = await makeEvent(db, { action: "login_failed", clientIp: "10.1.2.3" });
      const expression = await createPolicy(db, adminActor(), {
        kind: "expression",
        fields: ZExpressionCreate.parse({
          name: "cidr",
          execution_logging: true,
          expression:
            "console.log('checking', event.client_ip); ak_message('seen ' + request.user.username); return ip_in_network(event.client_ip, '10.0.0.0/8')",
        }),
      });
      const result = await tryPolicy(db, expression.policyUuid, { user: user.id, context: {}, event: event.eventUuid });
      assert.equal(result.passing, true);
      assert.deepEqual(result.messages, [`seen ${user.username}`]);
      assert.deepEqual(
        result.log_messages.map((l) => [l.log_level, l.event]),
        [["info", "checking 10.1.2.3"]],
      );
      const viaContext = await tryPolicy(db, expression.policyUuid, {
        user: user.id,
        context: { event: event.eventUuid },
      });
      assert.equal(viaContext.passing, true);
      const noEvent = await tryPolicy(db, expression.policyUuid, { user: user.id, context: {} });
      assert.equal(noEvent.passing, false);
      const executions = await db
        .select()
        .from(events)
        .where(sql`${events.context}->>'policy_uuid' = ${expression.policyUuid}`);
      assert.equal(executions.length, 0, "dry run: no policy_execution / policy_exception events");
      await assert.rejects(tryPolicy(db, expression.policyUuid, { user: 999_999, context: {} }), (e) =>
        Boolean(fieldErrors(e).user),
      );
      await assert.rejects(
        tryPolicy(db, expression.policyUuid, {
          user: user.id,
          context: {},
          event: "6f1c2b1e-5b1a-4c1e-9a1e-1b1e1c1e1d1e",
        }),
        (e) => Boolean(fieldErrors(e).event),
      );
    });
  });
}
