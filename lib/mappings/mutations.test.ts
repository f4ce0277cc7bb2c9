import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { and, eq, sql } from "drizzle-orm";
import { events, transports } from "@/db/schema";
import type { AppError } from "@/lib/errors";
import { adminActor } from "@/lib/testing/actors";
import { testBackends } from "@/lib/testing/test-db";
import { createMapping, deleteMapping, updateMapping } from "./mutations";
import { listMappings, mappingUsedBy } from "./queries";
import { tryMapping } from "./try-mapping";
import { ZMappingListQuery, ZMappingTest } from "./validation";

const fieldErrors = (error: unknown) => (error as AppError).fieldErrors ?? {};

for (const backend of testBackends()) {
  describe(`webhook mappings CRUD (${backend.name})`, () => {
    let handle: Awaited<ReturnType<typeof backend.open>>;
    before(async () => {
      handle = await backend.open();
    });
    after(async () => {
      await handle.dispose();
    });

    it("creates, updates, lists, reports used_by and deletes, each change audited", async () => {
      const db = handle.db;
      const mapping = await createMapping(db, adminActor(), {
        name: "body",
        expression: "return { text: notification.body }",
      });
      const [transport] = await db
        .insert(transports)
        .values({
          name: "hook",
          mode: "webhook",
          webhookUrl: "https://example.test",
          webhookMappingBody: mapping.pmUuid,
        })
        .returning();
      assert.deepEqual(
        (await mappingUsedBy(db, mapping.pmUuid)).map((u) => [u.model_name, u.pk, u.action]),
        [["notificationtransport", transport.uuid, "set_null"]],
      );
      const updated = await updateMapping(db, adminActor(), mapping.pmUuid, { name: "body v2" });
      assert.equal(updated.expression, mapping.expression);
      const page = await listMappings(db, ZMappingListQuery.parse({ search: "V2" }));
      assert.deepEqual(
        page.results.map((m) => [m.name, m.component, m.verbose_name]),
        [["body v2", "ak-property-mapping-notification-form", "Webhook Mapping"]],
      );
      await deleteMapping(db, adminActor(), mapping.pmUuid);
      const [after] = await db.select().from(transports).where(eq(transports.uuid, transport.uuid));
      assert.equal(after.webhookMappingBody, null);
      const audit = await db
        .select({ action: events.action })
        .from(events)
        .where(
          and(
            sql`${events.context}->'model'->>'model_name' = 'notificationwebhookmapping'`,
            sql`${events.context}->'model'->>'pk' = ${mapping.pmUuid.replaceAll("-", "")}`,
          ),
        );
      assert.deepEqual(audit.map((a) => a.action).sort(), ["model_created", "model_deleted", "model_updated"]);
    });

    it("rejects expressions that do not compile and duplicate names", async () => {
      await assert.rejects(createMapping(handle.db, adminActor(), { name: "broken", expression: "return {" }), (e) =>
        /^SyntaxError/.test(fieldErrors(e).expression?.[0] ?? ""),
      );
      await createMapping(handle.db, adminActor(), { name: "twice", expression: "return 1" });
      await assert.rejects(createMapping(handle.db, adminActor(), { name: "twice", expression: "return 2" }), (e) =>
        Boolean(fieldErrors(e).name),
      );
    });

    it("Test runs the mapping against a sample notification for the caller", async () => {
      const mapping = await createMapping(handle.db, adminActor(), {
        name: "tested",
        expression:
          "notification.body = notification.body.toUpperCase(); return { to: user.username, action: request.context.event.action }",
      });
      const result = await tryMapping(
        handle.db,
        adminActor(),
        mapping.pmUuid,
        ZMappingTest.parse({ notification: { body: "hello" } }),
      );
      assert.deepEqual(result, {
        ok: true,
        value: { to: "admin", action: "custom_test" },
        notification: {
          body: "HELLO",
          severity: "notice",
          hyperlink: null,
          hyperlink_label: null,
          event: result.ok ? result.notification.event : null,
        },
      });
      const failing = await createMapping(handle.db, adminActor(), {
        name: "failing",
        expression: "return missing.value",
      });
      const failed = await tryMapping(handle.db, adminActor(), failing.pmUuid, {});
      assert.deepEqual(
        [failed.ok, !failed.ok && failed.error],
        [false, "ReferenceError: 'missing' is not defined (line 1)"],
      );
    });
  });
}
