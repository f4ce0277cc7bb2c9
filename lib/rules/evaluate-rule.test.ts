import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { and, eq, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { events, type TEvent, type TGroup, type TUser } from "@/db/schema";
import {
  bind,
  makeEvent,
  makeExpression,
  makeGroup,
  makeMatcher,
  makeRule,
  makeUser,
} from "@/lib/policies/test-fixtures";
import { testBackends } from "@/lib/testing/test-db";
import { evaluateRule } from "./evaluate-rule";

for (const backend of testBackends()) {
  describe(`evaluateRule (${backend.name})`, () => {
    let handle: Awaited<ReturnType<typeof backend.open>>;
    let db: Db;
    let ops: TGroup, oncall: TGroup, other: TGroup;
    let alice: TUser, bob: TUser, carol: TUser;
    let aliceLogin: TEvent, bobLogin: TEvent, carolLogin: TEvent, anonymousLogin: TEvent;

    before(async () => {
      handle = await backend.open();
      db = handle.db;
      ops = await makeGroup(db);
      oncall = await makeGroup(db, ops.uuid);
      other = await makeGroup(db);
      alice = await makeUser(db, { groups: [oncall.uuid] });
      bob = await makeUser(db);
      carol = await makeUser(db, { active: false, groups: [ops.uuid] });
      const snapshot = (u: TUser) => ({ pk: u.id, username: u.username, email: u.email });
      aliceLogin = await makeEvent(db, { user: snapshot(alice), clientIp: "192.0.2.1" });
      bobLogin = await makeEvent(db, { user: snapshot(bob) });
      carolLogin = await makeEvent(db, { user: snapshot(carol) });
      anonymousLogin = await makeEvent(db, { user: { pk: 999_999, username: "AnonymousUser" } });
    });
    after(async () => {
      await handle.dispose();
    });

    async function policyEvents(action: string, policyUuid: string) {
      return db
        .select()
        .from(events)
        .where(and(eq(events.action, action), sql`${events.context}->>'policy_uuid' = ${policyUuid}`));
    }

    it("a rule without bindings never fires (empty result = false)", async () => {
      const rule = await makeRule(db);
      assert.deepEqual(await evaluateRule(db, { rule, event: aliceLogin }), {
        passing: false,
        messages: [],
        results: [],
      });
    });

    it("a matching event matcher fires with its message; a mismatching one does not", async () => {
      const rule = await makeRule(db);
      await bind(db, rule, { policy: (await makeMatcher(db, { matchAction: "login" })).policyUuid });
      const hit = await evaluateRule(db, { rule, event: aliceLogin });
      assert.deepEqual([hit.passing, hit.messages], [true, ["Action matched."]]);
      const missRule = await makeRule(db);
      await bind(db, missRule, { policy: (await makeMatcher(db, { matchAction: "logout" })).policyUuid });
      assert.equal((await evaluateRule(db, { rule: missRule, event: aliceLogin })).passing, false);
    });

    it("honours the engine mode: any needs one passing vote, all needs every vote", async () => {
      const yes = await makeMatcher(db, { matchAction: "login" });
      const no = await makeMatcher(db, { matchAction: "logout" });
      for (const [mode, expected] of [
        ["any", true],
        ["all", false],
      ] as const) {
        const rule = await makeRule(db, { mode });
        await bind(db, rule, { policy: yes.policyUuid }, { order: 1 });
        await bind(db, rule, { policy: no.policyUuid }, { order: 2 });
        assert.equal((await evaluateRule(db, { rule, event: aliceLogin })).passing, expected, mode);
      }
      const allPass = await makeRule(db, { mode: "all" });
      await bind(db, allPass, { policy: yes.policyUuid }, { order: 1 });
      await bind(
        db,
        allPass,
        { policy: (await makeMatcher(db, { matchApp: "herald.core" })).policyUuid },
        { order: 2 },
      );
      assert.equal((await evaluateRule(db, { rule: allPass, event: aliceLogin })).passing, true);
    });

    it("negate flips the result and keeps the messages", async () => {
      const rule = await makeRule(db);
      await bind(db, rule, { policy: (await makeMatcher(db, { matchAction: "login" })).policyUuid }, { negate: true });
      const result = await evaluateRule(db, { rule, event: aliceLogin });
      assert.deepEqual([result.passing, result.messages], [false, ["Action matched."]]);
      const other = await makeRule(db);
      await bind(
        db,
        other,
        { policy: (await makeMatcher(db, { matchAction: "logout" })).policyUuid },
        { negate: true },
      );
      assert.equal((await evaluateRule(db, { rule: other, event: aliceLogin })).passing, true);
    });

    it("ignores disabled bindings and evaluates the rest in `order`", async () => {
      const rule = await makeRule(db, { mode: "all" });
      const third = await bind(
        db,
        rule,
        { policy: (await makeMatcher(db, { matchApp: "herald.core" })).policyUuid },
        { order: 30 },
      );
      const first = await bind(
        db,
        rule,
        { policy: (await makeMatcher(db, { matchAction: "login" })).policyUuid },
        { order: -5 },
      );
      await bind(
        db,
        rule,
        { policy: (await makeMatcher(db, { matchAction: "logout" })).policyUuid },
        { order: 10, enabled: false },
      );
      const result = await evaluateRule(db, { rule, event: aliceLogin });
      assert.equal(result.passing, true);
      assert.deepEqual(
        result.results.map((r) => r.binding?.policyBindingUuid),
        [first.policyBindingUuid, third.policyBindingUuid],
      );
      const onlyDisabled = await makeRule(db);
      await bind(
        db,
        onlyDisabled,
        { policy: (await makeMatcher(db, { matchAction: "login" })).policyUuid },
        { enabled: false },
      );
      assert.equal((await evaluateRule(db, { rule: onlyDisabled, event: aliceLogin })).passing, false);
    });

    it("failure_result applies when an expression throws, negated too (documented choice), and emits policy_exception", async () => {
      const throwing = await makeExpression(db, "throw new Error('kaputt')");
      const cases: Array<[failureResult: boolean, negate: boolean, expected: boolean]> = [
        [true, false, true],
        [false, false, false],
        [false, true, true],
        [true, true, false],
      ];
      for (const [failureResult, negate, expected] of cases) {
        const rule = await makeRule(db);
        await bind(db, rule, { policy: throwing.policyUuid }, { failureResult, negate });
        const result = await evaluateRule(db, { rule, event: aliceLogin });
        assert.equal(result.passing, expected, `failure_result=${failureResult} negate=${negate}`);
        assert.equal(result.results[0].error, "Error: kaputt (line 1)");
      }
      const emitted = await policyEvents("policy_exception", throwing.policyUuid);
      assert.equal(emitted.length, cases.length);
      const context = emitted[0].context as Record<string, unknown>;
      assert.equal(context.message, "Policy failed to execute");
      assert.equal(context.exception, "Error: kaputt (line 1)");
      assert.equal(context.expression, "throw new Error('kaputt')");
      assert.equal((context.binding as { model_name: string }).model_name, "policybinding");
    });

    it("enforces the binding timeout (not just the cap) and applies failure_result on timeout", async () => {
      const looping = await makeExpression(db, "for (;;) {}");
      const rule = await makeRule(db);
      await bind(db, rule, { policy: looping.policyUuid }, { timeout: 1, failureResult: true });
      const started = performance.now();
      const result = await evaluateRule(db, { rule, event: aliceLogin, timeoutCapMs: 5000 });
      const elapsed = performance.now() - started;
      assert.ok(elapsed >= 990 && elapsed < 1500, `took ${elapsed} ms`);
      assert.equal(result.passing, true);
      assert.match(result.results[0].error ?? "", /^TimeoutError/);
      const [emitted] = await policyEvents("policy_exception", looping.policyUuid);
      assert.equal((emitted.context as { failure_kind: string }).failure_kind, "timeout");
    });

    it("caps the deadline below a long binding timeout", async () => {
      const rule = await makeRule(db);
      await bind(db, rule, { policy: (await makeExpression(db, "while (true) {}")).policyUuid }, { timeout: 30 });
      const started = performance.now();
      await evaluateRule(db, { rule, event: aliceLogin, timeoutCapMs: 300 });
      assert.ok(performance.now() - started < 800);
    });

    it("expressions see request.user (with inherited groups), context and event; ak_message adds messages", async () => {
      const expression = await makeExpression(
        db,
        [
          "ak_message('user ' + request.user.username);",
          `return request.user.groups.includes(${JSON.stringify(ops.name)})`,
          "  && event.action === 'login' && context.event.client_ip === '192.0.2.1' && event.pk === request.context.event.pk;",
        ].join("\n"),
      );
      const rule = await makeRule(db);
      await bind(db, rule, { policy: expression.policyUuid });
      const result = await evaluateRule(db, { rule, event: aliceLogin });
      assert.deepEqual([result.passing, result.messages], [true, [`user ${alice.username}`]]);
      const anonymous = await evaluateRule(db, { rule, event: anonymousLogin });
      assert.equal(
        anonymous.passing,
        false,
        "request.user is null for an unknown user → TypeError → failure_result false",
      );
    });

    it("an expression returning nothing or null fails", async () => {
      for (const source of ["const x = 1;", "return null", "return 0", "return ''"]) {
        const rule = await makeRule(db);
        await bind(db, rule, { policy: (await makeExpression(db, source)).policyUuid });
        assert.equal((await evaluateRule(db, { rule, event: aliceLogin })).passing, false, source);
      }
    });

    it("group bindings match members of the group and of its child groups; inactive and anonymous users never match", async () => {
      const rule = await makeRule(db);
      await bind(db, rule, { group: ops.uuid });
      const outcome = async (event: TEvent) => (await evaluateRule(db, { rule, event })).passing;
      assert.equal(await outcome(aliceLogin), true, "alice is in a child group of ops");
      assert.equal(await outcome(bobLogin), false);
      assert.equal(await outcome(carolLogin), false, "carol is a direct member but inactive");
      assert.equal(await outcome(anonymousLogin), false);
      const childOnly = await makeRule(db);
      await bind(db, childOnly, { group: oncall.uuid });
      const parentMember = await makeUser(db, { groups: [ops.uuid] });
      const event = await makeEvent(db, { user: { pk: parentMember.id, username: parentMember.username } });
      assert.equal(
        (await evaluateRule(db, { rule: childOnly, event })).passing,
        false,
        "a parent-group member is not in the child",
      );
    });

    it("user bindings match by identity; negated static bindings match everyone else but not anonymous", async () => {
      const rule = await makeRule(db);
      await bind(db, rule, { user: alice.id });
      assert.equal((await evaluateRule(db, { rule, event: aliceLogin })).passing, true);
      assert.equal((await evaluateRule(db, { rule, event: bobLogin })).passing, false);
      const notAlice = await makeRule(db);
      await bind(db, notAlice, { user: alice.id }, { negate: true });
      assert.equal((await evaluateRule(db, { rule: notAlice, event: aliceLogin })).passing, false);
      assert.equal((await evaluateRule(db, { rule: notAlice, event: bobLogin })).passing, true);
      assert.equal((await evaluateRule(db, { rule: notAlice, event: anonymousLogin })).passing, false);
    });

    it("folds all group/user bindings into ONE vote, combined by the rule's mode", async () => {
      const any = await makeRule(db, { mode: "any" });
      const all = await makeRule(db, { mode: "all" });
      for (const rule of [any, all]) {
        await bind(db, rule, { group: ops.uuid });
        await bind(db, rule, { group: other.uuid });
      }
      const anyResult = await evaluateRule(db, { rule: any, event: aliceLogin });
      assert.deepEqual([anyResult.passing, anyResult.results.length, anyResult.results[0].kind], [true, 1, "static"]);
      assert.equal((await evaluateRule(db, { rule: all, event: aliceLogin })).passing, false);
      const mixed = await makeRule(db, { mode: "all" });
      await bind(db, mixed, { group: ops.uuid });
      await bind(db, mixed, { policy: (await makeMatcher(db, { matchAction: "login" })).policyUuid });
      const mixedResult = await evaluateRule(db, { rule: mixed, event: aliceLogin });
      assert.deepEqual([mixedResult.passing, mixedResult.results.map((r) => r.kind)], [true, ["policy", "static"]]);
      assert.equal((await evaluateRule(db, { rule: mixed, event: bobLogin })).passing, false);
    });

    it("execution_logging emits policy_execution with the result and policy_uuid; dryRun emits nothing", async () => {
      const logged = await makeMatcher(db, { matchAction: "login", executionLogging: true });
      const rule = await makeRule(db);
      await bind(db, rule, { policy: logged.policyUuid }, { negate: true });
      await evaluateRule(db, { rule, event: aliceLogin, dryRun: true });
      assert.equal((await policyEvents("policy_execution", logged.policyUuid)).length, 0);
      await evaluateRule(db, { rule, event: aliceLogin });
      const [emitted] = await policyEvents("policy_execution", logged.policyUuid);
      const context = emitted.context as Record<string, unknown>;
      assert.equal(context.message, "Policy Execution");
      assert.deepEqual(context.result, { passing: false, messages: ["Action matched."] });
      assert.equal((context.event as { pk: string }).pk, aliceLogin.eventUuid.replaceAll("-", ""));
      assert.equal(emitted.app, "herald.policies");
      const throwing = await makeExpression(db, "throw new Error('x')");
      const dry = await makeRule(db);
      await bind(db, dry, { policy: throwing.policyUuid });
      await evaluateRule(db, { rule: dry, event: aliceLogin, dryRun: true });
      assert.equal((await policyEvents("policy_exception", throwing.policyUuid)).length, 0);
    });

    it("accepts preloaded bindings and a pre-resolved user", async () => {
      const rule = await makeRule(db);
      const policy = await makeMatcher(db, { matchAction: "logout" });
      const binding = await bind(db, rule, { policy: policy.policyUuid });
      const preloaded = [{ binding: { ...binding, negate: true }, policy, subjectName: policy.name }];
      assert.equal(
        (await evaluateRule(db, { rule, event: aliceLogin, bindings: preloaded, user: null })).passing,
        true,
      );
    });
  });
}
