import nodemailer, { type Transporter } from "nodemailer";
import { env } from "@/lib/env";
import { createEvent } from "@/lib/events/create-event";
import { logger } from "@/lib/logger";
import type { TSendContext, TTransportAdapter } from "./types";

let cached: { url: string; transporter: Transporter } | undefined;

function transporterFor(url: string): Transporter {
  if (cached?.url !== url)
    cached = {
      url,
      transporter: nodemailer.createTransport(url, {
        connectionTimeout: 10_000,
        greetingTimeout: 10_000,
        socketTimeout: 20_000,
      }),
    };
  return cached.transporter;
}

const escapeHtml = (text: string) =>
  text.replace(
    /[&<>"']/g,
    (char) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[char] as string,
  );

export type TEmailMessage = { subject: string; text: string; html: string; keyValue: [string, string][] };

/** authentik's event_notification email: title, body, key/value table (recipient, event user, string context keys). */
export function composeEmail(context: TSendContext): TEmailMessage {
  const { notification, recipient, transport } = context;
  const event = notification.event;
  const title = event ? event.action : notification.body.slice(0, 75);
  const keyValue: [string, string][] = [
    ["user_email", recipient.email],
    ["user_username", recipient.username],
  ];
  if (event?.user?.username)
    keyValue.push(
      ["event_user_email", String(event.user.email ?? "")],
      ["event_user_username", String(event.user.username)],
    );
  for (const [key, value] of Object.entries(event?.context ?? {}))
    if (typeof value === "string") keyValue.push([key, value]);
  // Only administrators learn which transport sent it (authentik's `source`).
  const source = recipient.isSuperuser ? `Sent by the notification transport "${transport.name}".` : "";
  const link = notification.hyperlink ? `${notification.hyperlinkLabel || "Open"}: ${notification.hyperlink}` : "";
  const text = [
    title,
    "",
    notification.body,
    "",
    ...keyValue.map(([key, value]) => `${key}: ${value}`),
    link && `\n${link}`,
    source && `\n${source}`,
  ]
    .filter((line) => line !== "")
    .join("\n");
  const rows = keyValue
    .map(
      ([key, value]) =>
        `<tr><td style="padding:4px 12px 4px 0;color:#666">${escapeHtml(key)}</td><td style="padding:4px 0">${escapeHtml(value)}</td></tr>`,
    )
    .join("");
  const html = `<!doctype html><html><body style="font-family:system-ui,sans-serif;color:#111">
<h2 style="margin:0 0 12px">${escapeHtml(title)}</h2>
<p style="white-space:pre-wrap">${escapeHtml(notification.body)}</p>
<table style="border-collapse:collapse;font-size:14px">${rows}</table>
${notification.hyperlink ? `<p><a href="${escapeHtml(notification.hyperlink)}">${escapeHtml(notification.hyperlinkLabel || "Open")}</a></p>` : ""}
${source ? `<p style="color:#888;font-size:12px">${escapeHtml(source)}</p>` : ""}
</body></html>`;
  return { subject: `${transport.emailSubjectPrefix}${title}`, text, html, keyValue };
}

/** Email through HERALD_SMTP_URL; a recipient without an address is skipped (logged), as authentik does. */
export const emailAdapter: TTransportAdapter = {
  mode: "email",
  async send(context) {
    const { recipient, transport } = context;
    if (!recipient.email) {
      logger.info(
        { transport: transport.name, user: recipient.username },
        "Discarding notification as user has no email address",
      );
      return { status: "skipped", reason: "Discarding notification as user has no email address." };
    }
    const url = env().HERALD_SMTP_URL;
    // Configuration, not a delivery failure: the default email transport must not dead-letter on every alert.
    if (!url) return { status: "skipped", reason: "Email is not configured: set HERALD_SMTP_URL." };
    const message = composeEmail(context);
    try {
      const info = await transporterFor(url).sendMail({
        from: env().HERALD_SMTP_FROM,
        to: recipient.name ? { name: recipient.name, address: recipient.email } : recipient.email,
        subject: message.subject,
        text: message.text,
        html: message.html,
        headers: { "X-Herald-Delivery": context.deliveryId },
      });
      // email_sent names the transport, so dispatch never routes it back through this one (loop breaker).
      await createEvent(context.db, {
        action: "email_sent",
        app: "herald.events",
        context: {
          message: `Email to ${recipient.email} sent`,
          subject: message.subject,
          body: message.html,
          to_email: [recipient.email],
          from_email: env().HERALD_SMTP_FROM,
          transport: { pk: transport.uuid, name: transport.name },
        },
      });
      return { status: "delivered", messages: [], smtpResponse: info.response };
    } catch (error) {
      const smtp = error as Error & { responseCode?: number; response?: string };
      // 5xx SMTP replies are permanent (bad mailbox, rejected); connection problems and 4xx are not.
      const permanent = typeof smtp.responseCode === "number" && smtp.responseCode >= 500;
      return {
        status: "failed",
        retryable: !permanent,
        error: `Sending email failed: ${smtp.message}`,
        smtpResponse: smtp.response,
      };
    }
  },
};
