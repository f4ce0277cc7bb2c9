import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { after, before, describe, it } from "node:test";
import { eq } from "drizzle-orm";
import { events } from "@/db/schema";
import { updateSettings } from "@/lib/settings/mutations";
import { readSetting } from "@/lib/settings/queries";
import { adminActor } from "@/lib/testing/actors";
import { testBackends } from "@/lib/testing/test-db";
import { ingestBulk, ingestEvent, parseBulkBody } from "./ingest";
import { deleteExpiredEvents } from "./retention-cleanup";
import { ZEventRequest } from "./validation";

const FIXTURE = JSON.parse(
  fs.readFileSync(path.join(process.cwd(), "e2e/fixtures/authentik-sample-events.json"), "utf8"),
) as Record<string, unknown>[];
const DAY = 24 * 3600 * 1000;

describe("event request validation", () => {
  it("names the field for each kind of bad input", () => {
    const errors = (input: unknown) => {
      const parsed = ZEventRequest.safeParse(input);
      return parsed.success
        ? {}
        : Object.fromEntries(parsed.error.issues.map((issue) => [issue.path[0], issue.message]));
    };
    assert.deepEqual(Object.keys(errors({ app: "x" })), ["action"]);
    assert.match(errors({ action: "log in!", app: "x" }).action, /letters, digits/);
    assert.match(errors({ action: "login", app: "x", client_ip: "999.1.1.1" }).client_ip, /valid IPv4 or IPv6/);
    assert.match(errors({ action: "login", app: "x", context: [] }).context, /JSON object/);
    assert.match(
      errors({ action: "login", app: "x", context: { blob: "x".repeat(70_000) } }).context,
      /limit is 65536 bytes/,
    );
    assert.match(errors({ action: "login", app: 5 }).app, /./);
    assert.deepEqual(errors({ action: "login", app: "x", client_ip: "::ffff:192.0.2.1" }), {});
    assert.match(errors({ action: "login", app: "x", client_ip: "1.2.3" }).client_ip, /valid IPv4/);
    for (const expires of ["+099999-01-01T00:00:00Z", "-271821-04-20"])
      assert.match(errors({ action: "login", app: "x", expires }).expires, /between the years 1 and 9999/);
    for (const expires of [8.64e15, 12345, true, "", "soon"])
      assert.equal(errors({ action: "login", app: "x", expires }).expires, "Datetime has wrong format.");
  });

  it("stores a client pk in lower case, so later lookups find it", () => {
    const parsed = ZEventRequest.parse({ action: "login", app: "x", pk: "6A0C3A1E-1B0C-4E7D-9B7E-2F1A3C4D5E6F" });
    assert.equal(parsed.pk, "6a0c3a1e-1b0c-4e7d-9b7e-2f1a3c4d5e6f");
  });

  it("fails an item PostgreSQL could not store on its own, in arrays and in NDJSON", () => {
    const items = parseBulkBody(
      JSON.stringify([
        { action: "a", app: "x" },
        { action: "a", app: "x\u0000" },
        { action: "a", app: "x", context: { "\ud800": 1 } },
      ]),
      "application/json",
    );
    assert.deepEqual(items[0], { action: "a", app: "x" });
    assert.match(String(items[1]), /Item 1 at app: Null characters/);
    assert.match(String(items[2]), /Item 2 at context: A key: .*lone surrogate/);
    const lines = parseBulkBody('{"action":"a","app":"\\u0000"}\n{"action":"b","app":"x"}', "application/x-ndjson");
    assert.match(String(lines[0]), /Line 1 at app: Null characters/);
    assert.deepEqual(lines[1], { action: "b", app: "x" });
  });

  it("parses NDJSON line by line and reports a bad line on its own", () => {
    const items = parseBulkBody(
      '{"action":"a","app":"x"}\n\nnot json\n{"action":"b","app":"x"}\n',
      "application/x-ndjson",
    );
    assert.equal(items.length, 3);
    assert.match(String(items[1]), /Line 2: JSON parse error/);
    assert.throws(() => parseBulkBody('{"action":"a"}', "application/json"), /Expected a JSON array/);
  });
});

for (const backend of testBackends()) {
  describe(`event ingest (${backend.name})`, () => {
    let handle: Awaited<ReturnType<typeof backend.open>>;
    before(async () => {
      handle = await backend.open();
    });
    after(async () => handle.dispose());

    it("stores a built-in action as itself, custom ones with the prefix, and masks secrets", async () => {
      const { event, created } = await ingestEvent(
        handle.db,
        ZEventRequest.parse({ action: "login", app: "ext", context: { password: "hunter2", passing: true } }),
      );
      assert.equal(created, true);
      assert.equal(event.action, "login");
      assert.deepEqual(event.context, { password: "*".repeat(20), passing: true });
      const custom = await ingestEvent(handle.db, ZEventRequest.parse({ action: "deploy", app: "ext" }));
      assert.equal(custom.event.action, "custom_deploy");
    });

    it("is idempotent for a client-chosen pk", async () => {
      const pk = "3f1c8a52-7d1e-4c43-9b0a-4a1d5c2e9f10";
      const first = await ingestEvent(
        handle.db,
        ZEventRequest.parse({ pk, action: "login", app: "ext", context: { n: 1 } }),
      );
      const second = await ingestEvent(
        handle.db,
        ZEventRequest.parse({ pk, action: "login", app: "ext", context: { n: 2 } }),
      );
      assert.deepEqual([first.created, second.created], [true, false]);
      assert.deepEqual(second.event.context, { n: 1 }, "the stored event comes back unchanged");
      assert.equal((await handle.db.select().from(events).where(eq(events.eventUuid, pk))).length, 1);
    });

    it("concurrent creates are all stored, and a repeated pk among them is created once", async () => {
      const pk = "5b6f2a10-1c2d-4e3f-8a9b-0c1d2e3f4a5b";
      const requests = [
        ...Array.from({ length: 12 }, (_, n) => ({ action: "login", app: "concurrent", context: { n } })),
        { pk, action: "login", app: "concurrent", context: { n: "first" } },
        { pk, action: "login", app: "concurrent", context: { n: "second" } },
      ];
      const results = await Promise.all(
        requests.map((request) => ingestEvent(handle.db, ZEventRequest.parse(request))),
      );
      assert.equal(results.filter((result) => result.created).length, 13);
      const repeated = results.slice(-2);
      assert.deepEqual(
        repeated.map((result) => result.created),
        [true, false],
      );
      assert.deepEqual(repeated[1].event.context, { n: "first" });
      assert.equal((await handle.db.select().from(events).where(eq(events.app, "concurrent"))).length, 13);
    });

    it("refuses an expiry in the past on the expires field", async () => {
      await assert.rejects(
        ingestEvent(handle.db, ZEventRequest.parse({ action: "login", app: "x", expires: "2001-01-01T00:00:00Z" })),
        {
          fieldErrors: { expires: ["Expiry must be in the future."] },
        },
      );
    });

    it("imports authentik's exported events unchanged and only once", async () => {
      const first = await ingestBulk(handle.db, FIXTURE);
      assert.equal(first.created, FIXTURE.length);
      const again = await ingestBulk(handle.db, FIXTURE);
      assert.deepEqual([again.created, again.existing], [0, FIXTURE.length]);
      const source = FIXTURE[0];
      const [stored] = await handle.db
        .select()
        .from(events)
        .where(eq(events.eventUuid, source.pk as string));
      assert.equal(stored.created.toISOString(), new Date(source.created as string).toISOString());
      assert.deepEqual(stored.user, source.user);
      assert.deepEqual(stored.brand, source.brand);
      assert.ok(stored.expires.getTime() > Date.now() + 300 * DAY, "an import past its retention gets a fresh period");
    });

    it("stores the valid items of a bulk request and reports each bad one", async () => {
      const result = await ingestBulk(handle.db, [
        { action: "login", app: "bulk" },
        { action: "login" },
        { action: "login", app: "bulk", client_ip: "nope" },
        new Error("Line 4: JSON parse error - Unexpected token"),
        { pk: "6a0c3a1e-1b0c-4e7d-9b7e-2f1a3c4d5e6f", action: "logout", app: "bulk" },
        { pk: "6a0c3a1e-1b0c-4e7d-9b7e-2f1a3c4d5e6f", action: "logout", app: "bulk" },
      ]);
      assert.deepEqual([result.created, result.invalid], [2, 4]);
      assert.deepEqual(
        result.results.map((item) => item.status),
        ["created", "invalid", "invalid", "invalid", "created", "invalid"],
      );
      assert.deepEqual((result.results[1] as { errors: object }).errors, { app: ["This field is required."] });
      assert.match((result.results[5] as { errors: Record<string, string[]> }).errors.pk[0], /Duplicate of item 4/);
      await assert.rejects(
        ingestBulk(handle.db, new Array(1001).fill({ action: "x", app: "y" })),
        /at most 1000 events/,
      );
    });

    it("deletes expired events in batches and leaves the rest", async () => {
      const keep = await ingestEvent(handle.db, ZEventRequest.parse({ action: "login", app: "retention" }));
      const doomed = await ingestBulk(
        handle.db,
        Array.from({ length: 7 }, () => ({
          action: "login",
          app: "retention",
          expires: new Date(Date.now() + 60_000).toISOString(),
        })),
      );
      assert.equal(doomed.created, 7);
      const result = await deleteExpiredEvents(handle.db, { batchSize: 3, now: new Date(Date.now() + 120_000) });
      assert.deepEqual(result, { deleted: 7, batches: 3, complete: true });
      const rest = await handle.db.select().from(events).where(eq(events.app, "retention"));
      assert.deepEqual(
        rest.map((row) => row.eventUuid),
        [keep.event.eventUuid],
      );
    });

    it("audits a retention change and applies it to new events only", async () => {
      await updateSettings(handle.db, adminActor(), { event_retention: "weeks=3" });
      assert.equal(await readSetting(handle.db, "event_retention"), "weeks=3");
      const [audit] = await handle.db.select().from(events).where(eq(events.action, "model_updated"));
      assert.deepEqual(audit.context.diff, { event_retention: { previous_value: "days=365", new_value: "weeks=3" } });
      const fresh = await ingestEvent(handle.db, ZEventRequest.parse({ action: "login", app: "x" }));
      assert.equal(fresh.event.expires.getTime() - fresh.event.created.getTime(), 21 * DAY);
      await assert.rejects(updateSettings(handle.db, adminActor(), { event_retention: "forever" }));
    });
  });
}
