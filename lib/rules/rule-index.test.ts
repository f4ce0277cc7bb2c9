import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { sql } from "drizzle-orm";
import { type Db, rowsOf } from "@/db/client";
import { transports } from "@/db/schema";
import { bind, makeGroup, makeMatcher, makeRule } from "@/lib/policies/test-fixtures";
import { testBackends } from "@/lib/testing/test-db";
import { currentRuleIndex } from "./rule-index";

const loginEvent = { action: "login", app: "herald.core", context: {}, clientIp: null };

for (const backend of testBackends()) {
  describe(`rule index (${backend.name})`, () => {
    let handle: Awaited<ReturnType<typeof backend.open>>;
    let db: Db;

    before(async () => {
      handle = await backend.open();
      db = handle.db;
    });
    after(async () => {
      await handle.dispose();
    });

    const candidateNames = async () => (await currentRuleIndex(db)).candidatesFor(loginEvent).map((rule) => rule.name);

    it("is reused while nothing changed, and reloaded after each kind of change, whoever wrote it", async () => {
      const rule = await makeRule(db, { name: "index-login" });
      const matcher = await makeMatcher(db, { matchAction: "login" });
      await bind(db, rule, { policy: matcher.policyUuid });
      const first = await currentRuleIndex(db);
      assert.equal(await currentRuleIndex(db), first, "no change: the same index, no reload");
      assert.deepEqual(
        first.candidatesFor(loginEvent).map((row) => row.name),
        ["index-login"],
      );

      // Every change below is raw SQL, as another process or a manual fix would write it: the
      // triggers move the version, not the application code that usually makes the change.
      await db.execute(sql`update notification_rules set enabled = false where pbm_uuid = ${rule.pbmUuid}`);
      assert.deepEqual(await candidateNames(), [], "a disabled rule");
      await db.execute(sql`update notification_rules set enabled = true where pbm_uuid = ${rule.pbmUuid}`);
      assert.deepEqual(await candidateNames(), ["index-login"]);

      await db.execute(sql`update policies set match_action = 'logout' where policy_uuid = ${matcher.policyUuid}`);
      assert.deepEqual(await candidateNames(), [], "a matcher changed to another action");
      await db.execute(sql`update policies set match_action = 'login' where policy_uuid = ${matcher.policyUuid}`);

      await db.execute(sql`update policy_bindings set negate = true where target = ${rule.pbmUuid}`);
      assert.equal((await currentRuleIndex(db)).bindingsOf(rule.pbmUuid)[0].binding.negate, true, "a binding changed");

      const [hook] = await db
        .insert(transports)
        .values({ name: "index-hook", mode: "webhook", webhookUrl: "https://example.test/hook" })
        .returning();
      await db.execute(
        sql`insert into notification_rule_transports (rule, transport) values (${rule.pbmUuid}, ${hook.uuid})`,
      );
      assert.deepEqual(
        (await currentRuleIndex(db)).transportsOf(rule.pbmUuid).map((row) => row.name),
        ["index-hook"],
        "a transport linked",
      );
      await db.execute(sql`update notification_transports set send_once = true where uuid = ${hook.uuid}`);
      assert.equal((await currentRuleIndex(db)).transportsOf(rule.pbmUuid)[0].sendOnce, true, "a transport changed");

      const group = await makeGroup(db, null, "index-group-before");
      await bind(db, rule, { group: group.uuid });
      await db.execute(sql`update groups set name = 'index-group-after' where uuid = ${group.uuid}`);
      const labels = (await currentRuleIndex(db)).bindingsOf(rule.pbmUuid).map((entry) => entry.subjectName);
      assert.ok(
        labels.includes("index-group-after") && !labels.includes("index-group-before"),
        "a bound group renamed: its label follows",
      );
    });

    it("callers that find it stale together share one load", async () => {
      await makeRule(db, { name: "index-shared-load" });
      const [first, second] = await Promise.all([currentRuleIndex(db), currentRuleIndex(db)]);
      assert.equal(first, second, "one index object: loaded once");
      assert.equal(await currentRuleIndex(db), first);
    });

    it("never serves one database's rules for another, even at the same version number", async () => {
      const rule = await makeRule(db, { name: "index-first-database" });
      await bind(db, rule, { policy: (await makeMatcher(db, { matchAction: "login" })).policyUuid });
      assert.ok((await candidateNames()).includes("index-first-database"));
      const [{ version }] = rowsOf<{ version: string }>(
        await db.execute(sql`select version::text as version from rule_index_version`),
      );
      const other = await backend.open();
      try {
        // A second database whose counter happens to stand where the first one's does.
        await other.db.execute(sql`update rule_index_version set version = ${version}::bigint`);
        assert.deepEqual(
          (await currentRuleIndex(other.db)).candidatesFor(loginEvent),
          [],
          "the other database has no rules",
        );
      } finally {
        await other.dispose();
      }
    });

    it("a change rolled back never leaves its rules behind", async () => {
      const rule = await makeRule(db, { name: "index-rollback" });
      await bind(db, rule, { policy: (await makeMatcher(db, { matchAction: "custom_rollback" })).policyUuid });
      const event = { ...loginEvent, action: "custom_rollback" };
      await assert.rejects(
        db.transaction(async (tx) => {
          await tx.execute(sql`update notification_rules set enabled = false where pbm_uuid = ${rule.pbmUuid}`);
          const names = (await currentRuleIndex(tx)).candidatesFor(event).map((row) => row.name);
          assert.ok(!names.includes("index-rollback"), "inside the transaction the rule is disabled");
          throw new Error("roll back");
        }),
        /roll back/,
      );
      assert.ok(
        (await currentRuleIndex(db)).candidatesFor(event).some((row) => row.name === "index-rollback"),
        "the committed state again",
      );
    });
  });
}
