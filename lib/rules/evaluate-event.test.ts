import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import type { Db } from "@/db/client";
import type { TRule } from "@/db/schema";
import { bind, makeEvent, makeExpression, makeGroup, makeMatcher, makeRule } from "@/lib/policies/test-fixtures";
import { testBackends } from "@/lib/testing/test-db";
import { evaluateEvent } from "./evaluate-event";
import { isPolicyLoopEvent } from "./loop-guard";
import { currentRuleIndex } from "./rule-index";

for (const backend of testBackends()) {
  describe(`candidate rules / isPolicyLoopEvent (${backend.name})`, () => {
    let handle: Awaited<ReturnType<typeof backend.open>>;
    let db: Db;
    const named: Record<string, TRule> = {};

    async function ruleWith(
      name: string,
      ...bindings: Array<{
        matcher?: Parameters<typeof makeMatcher>[1];
        negate?: boolean;
        enabled?: boolean;
        expression?: boolean;
        group?: boolean;
      }>
    ) {
      const rule = await makeRule(db, { name, enabled: name !== "disabled-rule" });
      for (const spec of bindings) {
        const subject = spec.group
          ? { group: (await makeGroup(db)).uuid }
          : {
              policy: (spec.expression
                ? await makeExpression(db, "return true")
                : await makeMatcher(db, spec.matcher ?? {})
              ).policyUuid,
            };
        await bind(db, rule, subject, { negate: spec.negate ?? false, enabled: spec.enabled ?? true });
      }
      named[name] = rule;
    }

    before(async () => {
      handle = await backend.open();
      db = handle.db;
      await ruleWith("login", { matcher: { matchAction: "login" } });
      await ruleWith("login-negated", { matcher: { matchAction: "login" }, negate: true });
      await ruleWith("expression", { expression: true });
      await ruleWith("group", { group: true });
      await ruleWith("app-core", { matcher: { matchApp: "herald.core" } });
      await ruleWith("model-user", { matcher: { matchModel: "herald_core.user" } });
      await ruleWith("ip", { matcher: { matchClientIp: "192.0.2.1" } });
      await ruleWith("ip6", { matcher: { matchClientIp: "2001:db8::1" } });
      await ruleWith("disabled-rule", { matcher: { matchAction: "login" } });
      await ruleWith("disabled-binding", { matcher: { matchAction: "login" }, enabled: false });
      await ruleWith("no-bindings");
      await ruleWith("login-other-app", { matcher: { matchAction: "login", matchApp: "other.app" } });
      await ruleWith("login-or-logout", { matcher: { matchAction: "login" } }, { matcher: { matchAction: "logout" } });
      await ruleWith("updated-user", { matcher: { matchAction: "model_updated", matchModel: "herald_core.user" } });
      await ruleWith("no-criteria", { matcher: {} });
      // Noise: many rules for other actions must never show up.
      for (let i = 0; i < 40; i++)
        await ruleWith(`noise-${i}`, { matcher: { matchAction: `custom_noise_${i}`, matchApp: "herald.core" } });
    });
    after(async () => {
      await handle.dispose();
    });

    async function candidates(input: Parameters<typeof makeEvent>[1]) {
      const rules = (await currentRuleIndex(db)).candidatesFor(await makeEvent(db, input));
      return rules.map((rule) => rule.name).sort();
    }
    const always = ["expression", "group", "login-negated"];

    it("a login from herald.core: login matchers, app matcher and the unconditional rules", async () => {
      assert.deepEqual(
        await candidates({ action: "login", app: "herald.core" }),
        [...always, "app-core", "login", "login-or-logout"].sort(),
      );
    });

    it("a logout from another app: only the unconditional rules and the logout binding", async () => {
      assert.deepEqual(await candidates({ action: "logout", app: "x.y" }), [...always, "login-or-logout"].sort());
    });

    it("model and client IP matchers are reached through their own fields", async () => {
      const userModel = { model: { app: "herald_core", model_name: "user", pk: 3, name: "bob" } };
      assert.deepEqual(
        await candidates({ action: "model_updated", app: "x.y", context: userModel, clientIp: "::ffff:192.0.2.1" }),
        [...always, "ip", "model-user", "updated-user"].sort(),
      );
      assert.deepEqual(
        await candidates({ action: "model_updated", app: "x.y", clientIp: "2001:0db8::0001" }),
        [...always, "ip6"].sort(),
      );
    });

    it("a matching custom noise rule is found among the others", async () => {
      assert.deepEqual(
        await candidates({ action: "custom_noise_7", app: "herald.core" }),
        [...always, "app-core", "noise-7"].sort(),
      );
    });

    it("evaluateEvent evaluates exactly the candidates and reports which fire", async () => {
      const event = await makeEvent(db, { action: "logout", app: "x.y" });
      const { loop, decisions } = await evaluateEvent(db, event, { dryRun: true });
      assert.equal(loop, false);
      const fired = Object.fromEntries(decisions.map((d) => [d.rule.name, d.evaluation.passing]));
      // The group binding's group has no members and the event has no user: it does not fire.
      assert.deepEqual(fired, { expression: true, group: false, "login-negated": true, "login-or-logout": true });
    });

    it("loop guard: events carrying the uuid of a policy bound to a rule are loop events", async () => {
      const bound = await makeMatcher(db, { matchAction: "login" });
      await bind(db, named["no-bindings"], { policy: bound.policyUuid });
      const unbound = await makeExpression(db, "return 1");
      const event = (policyUuid: unknown) => ({ context: { policy_uuid: policyUuid } as Record<string, unknown> });
      const index = await currentRuleIndex(db);
      assert.equal(isPolicyLoopEvent(index, event(bound.policyUuid)), true);
      assert.equal(isPolicyLoopEvent(index, event(bound.policyUuid.toUpperCase())), true);
      assert.equal(isPolicyLoopEvent(index, event(unbound.policyUuid)), false);
      assert.equal(isPolicyLoopEvent(index, event("not-a-uuid")), false);
      assert.equal(isPolicyLoopEvent(index, event(42)), false);
      assert.equal(isPolicyLoopEvent(index, { context: {} }), false);
      const caused = await makeEvent(db, { action: "policy_exception", context: { policy_uuid: bound.policyUuid } });
      assert.deepEqual(await evaluateEvent(db, caused, { dryRun: true }), { loop: true, decisions: [] });
    });
  });
}
