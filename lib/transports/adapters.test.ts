import assert from "node:assert/strict";
import { createHmac } from "node:crypto";
import { after, before, describe, it } from "node:test";
import { eq } from "drizzle-orm";
import { events, notifications, type TNewTransport, type TTransport, transports, webhookMappings } from "@/db/schema";
import { resetEnvCache } from "@/lib/env";
import { makeEvent, makeUser } from "@/lib/policies/test-fixtures";
import {
  selfSignedCertificate,
  startHttpReceiver,
  startHttpsReceiver,
  startSmtpReceiver,
  type THttpReceiver,
  type TSmtpReceiver,
} from "@/lib/testing/receivers";
import { testBackends } from "@/lib/testing/test-db";
import { sendThroughTransport, type TOutgoingNotification, type TRecipient } from "./index";
import { generateSigningSecret } from "./signing";

function setEnv(values: Record<string, string | undefined>) {
  for (const [key, value] of Object.entries(values)) {
    if (value === undefined) delete process.env[key];
    else process.env[key] = value;
  }
  resetEnvCache();
}

const recipient: TRecipient = {
  pk: 1,
  username: "admin",
  email: "admin@example.test",
  name: "Ada Admin",
  isSuperuser: true,
};

for (const backend of testBackends()) {
  describe(`transport adapters (${backend.name})`, () => {
    let handle: Awaited<ReturnType<typeof backend.open>>;
    let receiver: THttpReceiver;
    let replies: { status: number; body?: string; delayMs?: number }[] = [];
    let smtp: TSmtpReceiver;
    let counter = 0;

    before(async () => {
      handle = await backend.open();
      receiver = await startHttpReceiver(() => replies.shift() ?? { status: 200, body: "received" });
      smtp = await startSmtpReceiver({ rejectRecipient: (address) => address.startsWith("bounce") });
      setEnv({ HERALD_WEBHOOK_ALLOW_NETWORKS: "127.0.0.1/32", HERALD_SMTP_URL: smtp.url, HERALD_WEBHOOK_TIMEOUT: "1" });
    });
    after(async () => {
      setEnv({
        HERALD_WEBHOOK_ALLOW_NETWORKS: undefined,
        HERALD_SMTP_URL: undefined,
        HERALD_WEBHOOK_TIMEOUT: undefined,
      });
      await receiver.close();
      await smtp.close();
      await handle.dispose();
    });

    const transport = async (values: Partial<TNewTransport>): Promise<TTransport> => {
      const [row] = await handle.db
        .insert(transports)
        .values({ name: `t-${++counter}`, ...values })
        .returning();
      return row;
    };
    const notificationFor = async (event = true): Promise<TOutgoingNotification> => ({
      severity: "alert",
      body: "Failed login for bob",
      hyperlink: null,
      hyperlinkLabel: null,
      event: event
        ? await makeEvent(handle.db, {
            action: "login_failed",
            user: { pk: 7, username: "bob", email: "bob@example.test" },
            context: { username: "bob", stage: "password", geo: { country: "DE" } },
          })
        : null,
      rule: null,
    });
    const send = async (t: TTransport, options: { deliveryId?: string; to?: TRecipient; event?: boolean } = {}) =>
      sendThroughTransport({
        db: handle.db,
        transport: t,
        notification: await notificationFor(options.event ?? true),
        recipient: options.to ?? recipient,
        deliveryId: options.deliveryId ?? `dlv-${++counter}`,
        attempt: 1,
      });

    it("generic webhook: POSTs authentik's JSON body and answers [status, text]", async () => {
      const before = receiver.requests.length;
      const outcome = await send(await transport({ mode: "webhook", webhookUrl: receiver.url }));
      assert.deepEqual(outcome, {
        status: "delivered",
        messages: [200, "received"],
        httpStatus: 200,
        responseExcerpt: "received",
      });
      const request = receiver.requests[before];
      assert.equal(request.method, "POST");
      assert.equal(request.headers["content-type"], "application/json");
      assert.deepEqual(JSON.parse(request.body), {
        body: "Failed login for bob",
        severity: "alert",
        user_email: "admin@example.test",
        user_username: "admin",
        event_user_email: "bob@example.test",
        event_user_username: "bob",
      });
      assert.equal(request.headers["webhook-signature"], undefined, "unsigned without a secret");
    });

    it("signs with Standard Webhooks headers, the same webhook-id on every attempt", async () => {
      const secret = generateSigningSecret();
      const signed = await transport({ mode: "webhook", webhookUrl: receiver.url, signingSecret: secret });
      const before = receiver.requests.length;
      await send(signed, { deliveryId: "msg_fixed" });
      await send(signed, { deliveryId: "msg_fixed" });
      const [first, second] = receiver.requests.slice(before);
      for (const request of [first, second]) {
        assert.equal(request.headers["webhook-id"], "msg_fixed");
        const expected = createHmac("sha256", Buffer.from(secret.slice(6), "base64"))
          .update(`${request.headers["webhook-id"]}.${request.headers["webhook-timestamp"]}.${request.body}`)
          .digest("base64");
        assert.equal(request.headers["webhook-signature"], `v1,${expected}`);
      }
    });

    it("classifies failures: 5xx and timeouts retry, other 4xx and redirects do not", async () => {
      const hook = await transport({ mode: "webhook", webhookUrl: receiver.url });
      replies = [{ status: 503, body: "busy" }];
      assert.deepEqual(await send(hook), {
        status: "failed",
        retryable: true,
        error: "The webhook answered HTTP 503: busy",
        httpStatus: 503,
        responseExcerpt: "busy",
      });
      replies = [{ status: 404, body: "gone" }];
      const notFound = await send(hook);
      assert.equal(notFound.status === "failed" && notFound.retryable, false);
      assert.equal(notFound.status === "failed" && notFound.httpStatus, 404);
      replies = [{ status: 302, body: "" }];
      const redirect = await send(hook);
      assert.equal(redirect.status === "failed" && redirect.retryable, false);
      replies = [{ status: 200, body: "late", delayMs: 2500 }];
      const slow = await send(hook);
      assert.equal(slow.status, "failed");
      assert.match(slow.status === "failed" ? slow.error : "", /Timed out after 1 s/);
      assert.equal(slow.status === "failed" && slow.retryable, true);
    });

    it("refuses private targets unless their network is allowed", async () => {
      setEnv({ HERALD_WEBHOOK_ALLOW_NETWORKS: "" });
      try {
        const before = receiver.requests.length;
        const outcome = await send(await transport({ mode: "webhook", webhookUrl: receiver.url }));
        assert.equal(outcome.status, "failed");
        assert.equal(outcome.status === "failed" && outcome.retryable, false);
        assert.match(
          outcome.status === "failed" ? outcome.error : "",
          /Refusing to send to 127\.0\.0\.1.*HERALD_WEBHOOK_ALLOW_NETWORKS/,
        );
        const linkLocal = await send(
          await transport({ mode: "webhook", webhookUrl: "http://169.254.169.254/latest/meta-data" }),
        );
        assert.match(linkLocal.status === "failed" ? linkLocal.error : "", /Refusing/);
        assert.equal(receiver.requests.length, before, "nothing was sent");
      } finally {
        setEnv({ HERALD_WEBHOOK_ALLOW_NETWORKS: "127.0.0.1/32" });
      }
    });

    it("body and header mappings replace the body and add headers; a failing mapping is reported and not retried", async () => {
      const [bodyMapping] = await handle.db
        .insert(webhookMappings)
        .values({
          name: `body-${++counter}`,
          expression: "return { who: request.user.username, sev: notification.severity };",
        })
        .returning();
      const [headerMapping] = await handle.db
        .insert(webhookMappings)
        .values({ name: `headers-${++counter}`, expression: 'return { "X-Team": "sec", "Webhook-Id": "spoofed" };' })
        .returning();
      const before = receiver.requests.length;
      const mapped = await send(
        await transport({
          mode: "webhook",
          webhookUrl: receiver.url,
          webhookMappingBody: bodyMapping.pmUuid,
          webhookMappingHeaders: headerMapping.pmUuid,
        }),
      );
      assert.equal(mapped.status, "delivered");
      const request = receiver.requests[before];
      assert.deepEqual(JSON.parse(request.body), { who: "admin", sev: "alert" });
      assert.equal(request.headers["x-team"], "sec");
      assert.equal(request.headers["webhook-id"], undefined, "a mapping cannot set signature headers");

      const [broken] = await handle.db
        .insert(webhookMappings)
        .values({ name: `broken-${++counter}`, expression: "throw new Error('boom');" })
        .returning();
      const failing = await transport({ mode: "webhook", webhookUrl: receiver.url, webhookMappingBody: broken.pmUuid });
      const outcome = await send(failing);
      assert.equal(outcome.status === "failed" && outcome.retryable, false);
      assert.match(outcome.status === "failed" ? outcome.error : "", /boom/);
      const reported = (
        await handle.db.select().from(events).where(eq(events.action, "property_mapping_exception"))
      ).filter((event) => (event.context.transport as { pk?: string } | undefined)?.pk === failing.uuid);
      assert.equal(reported.length, 1);
    });

    it("verifies https with the transport's CA certificate", async () => {
      const certificate = selfSignedCertificate();
      const secure = await startHttpsReceiver(certificate);
      try {
        const untrusted = await send(await transport({ mode: "webhook", webhookUrl: secure.url }));
        assert.match(untrusted.status === "failed" ? untrusted.error : "", /self.signed|certificate/i);
        const trusted = await send(
          await transport({ mode: "webhook", webhookUrl: secure.url, webhookCaPem: certificate.cert }),
        );
        assert.equal(trusted.status, "delivered");
        assert.equal(secure.requests.length, 1);
      } finally {
        await secure.close();
      }
    });

    it("Slack/Discord: attachment with the action as title, the body kept, string context fields", async () => {
      const before = receiver.requests.length;
      assert.equal(
        (await send(await transport({ mode: "webhook_slack", webhookUrl: receiver.url }))).status,
        "delivered",
      );
      const payload = JSON.parse(receiver.requests[before].body);
      const [attachment] = payload.attachments;
      assert.equal(attachment.title, "login_failed");
      assert.equal(attachment.text, "Failed login for bob");
      assert.deepEqual(attachment.fields.slice(0, 3), [
        { title: "Severity", value: "alert", short: true },
        { title: "Dispatched for user", value: "admin", short: true },
        { title: "Event user", value: "bob", short: true },
      ]);
      // One field per string-valued context key (jsonb does not keep key order); the geo object is skipped.
      const contextFields = attachment.fields
        .slice(3)
        .sort((a: { title: string }, b: { title: string }) => a.title.localeCompare(b.title));
      assert.deepEqual(contextFields, [
        { title: "stage", value: "password" },
        { title: "username", value: "bob" },
      ]);
    });

    it("email: subject prefix + action, HTML and text bodies, email_sent event naming the transport", async () => {
      const mail = await transport({ mode: "email", emailSubjectPrefix: "[Herald] " });
      const outcome = await send(mail);
      assert.equal(outcome.status, "delivered");
      assert.match(outcome.status === "delivered" ? (outcome.smtpResponse ?? "") : "", /^250/);
      const message = smtp.messages.at(-1);
      assert.equal(message?.subject, "[Herald] login_failed");
      assert.match(message?.text ?? "", /Failed login for bob/);
      assert.match(String(message?.html), /<h2[^>]*>login_failed<\/h2>/);
      assert.match(message?.text ?? "", /notification transport "t-\d+"/, "superusers learn the transport");
      const sent = (await handle.db.select().from(events).where(eq(events.action, "email_sent"))).filter(
        (event) => (event.context.transport as { pk?: string } | undefined)?.pk === mail.uuid,
      );
      assert.equal(sent.length, 1);
    });

    it("email: a recipient without an address is skipped; a rejected mailbox fails permanently", async () => {
      const mail = await transport({ mode: "email" });
      assert.deepEqual(await send(mail, { to: { ...recipient, email: "" } }), {
        status: "skipped",
        reason: "Discarding notification as user has no email address.",
      });
      const bounced = await send(mail, { to: { ...recipient, email: "bounce@example.test" } });
      assert.equal(bounced.status === "failed" && bounced.retryable, false);
    });

    it("local: one notification row per delivery id, however often it is sent", async () => {
      const local = await transport({ mode: "local" });
      const user = await makeUser(handle.db);
      const to = { ...recipient, pk: user.id };
      const first = await send(local, { deliveryId: "local-1", to });
      const second = await send(local, { deliveryId: "local-1", to });
      assert.equal(first.status, "delivered");
      assert.equal(
        first.status === "delivered" &&
          second.status === "delivered" &&
          first.notificationUuid === second.notificationUuid,
        true,
      );
      assert.equal(
        (await handle.db.select().from(notifications).where(eq(notifications.dedupKey, "local-1"))).length,
        1,
      );
    });
  });
}
