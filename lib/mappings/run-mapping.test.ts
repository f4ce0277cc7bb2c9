import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { eq } from "drizzle-orm";
import { events } from "@/db/schema";
import { testBackends } from "@/lib/testing/test-db";
import { reportMappingException, runWebhookMapping, type TMappingNotification } from "./run-mapping";

const user = { pk: 7, username: "ada", email: "ada@example.test", name: "Ada" };
const notification: TMappingNotification = {
  body: "login_failed: {}",
  severity: "alert",
  event: { pk: "e1", action: "login_failed", user: { pk: 9, username: "mallory" }, client_ip: "192.0.2.1" },
};
const run = (expression: string, extra: Partial<TMappingNotification> = {}) =>
  runWebhookMapping({ mapping: { expression }, notification: { ...notification, ...extra }, user });

describe("runWebhookMapping", () => {
  it("scenario 6: a mapping that sets notification.body to 'foo' changes the notification", async () => {
    const result = await run("notification.body = 'foo'");
    assert.ok(result.ok);
    assert.equal(result.notification.body, "foo");
    assert.equal(result.value, undefined);
  });

  it("scenario 8: a body mapping returning the request user yields {email, pk, username}", async () => {
    const result = await run(
      "return { email: request.user.email, pk: request.user.pk, username: request.user.username }",
    );
    assert.deepEqual(result.ok && result.value, { email: "ada@example.test", pk: 7, username: "ada" });
  });

  it("request.context.notification is the same object as notification; the event is visible", async () => {
    const result = await run(
      "request.context.notification.hyperlink = 'https://herald.example/events/' + request.context.event.pk; notification.hyperlink_label = 'Open'; return request.context.event.action",
    );
    assert.ok(result.ok);
    assert.equal(result.value, "login_failed");
    assert.deepEqual(
      [result.notification.hyperlink, result.notification.hyperlink_label],
      ["https://herald.example/events/e1", "Open"],
    );
  });

  it("header mappings return plain objects", async () => {
    const result = await run(
      "return { 'X-Herald-Severity': notification.severity, Authorization: 'Bearer ' + user.username }",
    );
    assert.deepEqual(result.ok && result.value, { "X-Herald-Severity": "alert", Authorization: "Bearer ada" });
  });

  it("refuses hyperlinks that are not http(s) or a path", async () => {
    for (const link of ["javascript:alert(1)", "//evil.example/x", "data:text/html,x"]) {
      const result = await run(`notification.hyperlink = ${JSON.stringify(link)}`);
      assert.equal(result.ok, false, link);
      assert.equal(!result.ok && result.kind, "invalid");
    }
    assert.equal((await run("notification.hyperlink = '/if/admin/#/events'")).ok, true);
  });

  it("reports exceptions, timeouts and memory bombs as failures", async () => {
    const thrown = await run("throw new Error('bad mapping')");
    assert.deepEqual(!thrown.ok && [thrown.kind, thrown.error], ["exception", "Error: bad mapping (line 1)"]);
    const loop = await runWebhookMapping({ mapping: { expression: "for(;;){}" }, notification, user, timeoutMs: 100 });
    assert.equal(!loop.ok && loop.kind, "timeout");
  });
});

for (const backend of testBackends()) {
  describe(`reportMappingException (${backend.name})`, () => {
    let handle: Awaited<ReturnType<typeof backend.open>>;
    before(async () => {
      handle = await backend.open();
    });
    after(async () => {
      await handle.dispose();
    });

    it("records property_mapping_exception with the expression, the mapping and the caller's extra context", async () => {
      const mapping = { pmUuid: "0b0c6a9e-1f7e-4c3e-9d1a-2b3c4d5e6f70", name: "slack body", expression: "throw 1" };
      const event = await reportMappingException(handle.db, mapping, "Error: 1", {
        transport: { name: "slack" },
        delivery: "d1",
      });
      const [row] = await handle.db.select().from(events).where(eq(events.eventUuid, event.eventUuid));
      assert.equal(row.action, "property_mapping_exception");
      assert.deepEqual(row.context, {
        message: 'Webhook mapping "slack body" failed: Error: 1',
        expression: "throw 1",
        mapping: {
          app: "herald_events",
          model_name: "notificationwebhookmapping",
          pk: "0b0c6a9e1f7e4c3e9d1a2b3c4d5e6f70",
          name: "slack body",
        },
        error: "Error: 1",
        transport: { name: "slack" },
        delivery: "d1",
      });
    });
  });
}
