import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { eq } from "drizzle-orm";
import { events } from "@/db/schema";
import { testBackends } from "@/lib/testing/test-db";
import { diffSnapshots, recordAudit } from "./audit";
import { SECRET_MASK } from "./mask-secrets";

describe("diffSnapshots", () => {
  it("lists only the changed fields with previous and new values", () => {
    const diff = diffSnapshots(
      { name: "Alice", email: "a@example.test", attributes: { team: "ops" }, active: true },
      { name: "Alicia", email: "a@example.test", attributes: { team: "dev" }, active: true },
    );
    assert.deepEqual(diff, {
      name: { previous_value: "Alice", new_value: "Alicia" },
      attributes: { previous_value: { team: "ops" }, new_value: { team: "dev" } },
    });
  });

  it("returns an empty diff when nothing changed (Dates compared by value)", () => {
    const snapshot = () => ({ name: "x", when: new Date(Date.UTC(2024, 0, 1)), list: [1, 2] });
    assert.deepEqual(diffSnapshots(snapshot(), snapshot()), {});
  });

  it("detects a changed secret but writes both sides masked", () => {
    const diff = diffSnapshots({ password: "old-hash", name: "a" }, { password: "new-hash", name: "a" });
    assert.deepEqual(diff, { password: { previous_value: SECRET_MASK, new_value: SECRET_MASK } });
  });

  it("on create records every field with a null previous value, secrets masked", () => {
    const diff = diffSnapshots(null, {
      username: "bob",
      password: "x",
      joined: new Date(Date.UTC(2024, 4, 5)),
      count: 0,
    });
    assert.deepEqual(diff, {
      username: { previous_value: null, new_value: "bob" },
      password: { previous_value: null, new_value: SECRET_MASK },
      joined: { previous_value: null, new_value: "2024-05-05T00:00:00.000Z" },
      count: { previous_value: null, new_value: 0 },
    });
  });

  it("reports removed and added keys with null on the missing side", () => {
    assert.deepEqual(diffSnapshots({ a: 1 }, { b: 2 }), {
      a: { previous_value: 1, new_value: null },
      b: { previous_value: null, new_value: 2 },
    });
  });

  it("masks secrets nested inside changed values", () => {
    const diff = diffSnapshots({ attributes: { api_token: "a", x: 1 } }, { attributes: { api_token: "b", x: 1 } });
    assert.deepEqual(diff.attributes, {
      previous_value: { api_token: SECRET_MASK, x: 1 },
      new_value: { api_token: SECRET_MASK, x: 1 },
    });
  });
});

for (const backend of testBackends()) {
  describe(`recordAudit (${backend.name})`, () => {
    let handle: Awaited<ReturnType<typeof backend.open>>;
    before(async () => {
      handle = await backend.open();
    });
    after(async () => {
      await handle.dispose();
    });
    const actor = { pk: 1, username: "admin", email: "admin@example.test" };
    const model = (pk: string) => ({ app: "herald_core", model_name: "thing", pk, name: `thing ${pk}` });
    const eventsFor = async (pk: string) =>
      (await handle.db.select().from(events)).filter(
        (row) => (row.context.model as { pk: string } | undefined)?.pk === pk,
      );

    it("writes model_created with the actor, client IP, model and a create diff", async () => {
      await recordAudit(handle.db, {
        kind: "created",
        actor,
        clientIp: "192.0.2.1",
        model: model("c1"),
        after: { name: "x", secret: "s" },
      });
      const [row] = await eventsFor("c1");
      assert.equal(row.action, "model_created");
      assert.equal(row.app, "herald.core");
      assert.deepEqual(row.user, actor);
      assert.equal(row.clientIp, "192.0.2.1");
      assert.deepEqual(row.context, {
        model: model("c1"),
        diff: {
          name: { previous_value: null, new_value: "x" },
          secret: { previous_value: null, new_value: SECRET_MASK },
        },
      });
    });

    it("writes nothing for an update that changed nothing, and only the change otherwise", async () => {
      await recordAudit(handle.db, {
        kind: "updated",
        actor,
        model: model("u1"),
        before: { a: 1, b: 2 },
        after: { a: 1, b: 2 },
      });
      assert.equal((await eventsFor("u1")).length, 0);
      await recordAudit(handle.db, {
        kind: "updated",
        actor,
        model: model("u1"),
        before: { a: 1, b: 2 },
        after: { a: 1, b: 3 },
      });
      const rows = await eventsFor("u1");
      assert.equal(rows.length, 1);
      assert.equal(rows[0].action, "model_updated");
      assert.deepEqual(rows[0].context.diff, { b: { previous_value: 2, new_value: 3 } });
    });

    it("writes membership changes as {field: {add|remove: [pks]}}", async () => {
      await recordAudit(handle.db, {
        kind: "membership",
        actor,
        model: model("m1"),
        field: "users",
        change: { add: [7] },
      });
      await recordAudit(handle.db, {
        kind: "membership",
        actor,
        model: model("m1"),
        field: "users",
        change: { remove: [7, 8] },
      });
      const diffs = (await eventsFor("m1"))
        .map((row) => row.context.diff)
        .sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)));
      assert.deepEqual(diffs, [{ users: { add: [7] } }, { users: { remove: [7, 8] } }]);
    });

    it("writes model_deleted with a masked model_state and no diff", async () => {
      await recordAudit(handle.db, {
        kind: "deleted",
        actor,
        model: model("d1"),
        app: "herald.tokens",
        before: { name: "gone", password: "p", at: new Date(Date.UTC(2020, 0, 1)) },
      });
      const [row] = await eventsFor("d1");
      assert.equal(row.action, "model_deleted");
      assert.equal(row.app, "herald.tokens");
      assert.equal("diff" in row.context, false);
      assert.deepEqual(row.context.model_state, {
        name: "gone",
        password: SECRET_MASK,
        at: "2020-01-01T00:00:00.000Z",
      });
    });

    it("rolls back with the caller's transaction", async () => {
      await assert.rejects(
        handle.db.transaction(async (tx) => {
          await recordAudit(tx, { kind: "created", actor, model: model("r1"), after: { name: "x" } });
          throw new Error("abort");
        }),
        /abort/,
      );
      assert.equal(
        (await handle.db.select().from(events).where(eq(events.action, "model_created"))).some(
          (row) => (row.context.model as { pk: string }).pk === "r1",
        ),
        false,
      );
    });
  });
}
