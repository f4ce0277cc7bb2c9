import { eq } from "drizzle-orm";
import { notifications } from "@/db/schema";
import { publishNotification } from "@/lib/notifications/bus";
import type { TTransportAdapter } from "./types";
import { applyMapping } from "./webhook";

/**
 * In-app notification (the bell): one row per delivery. The delivery id is the row's dedup key, so
 * a retried, replayed or re-dispatched delivery finds the row it already wrote instead of adding one.
 */
export const localAdapter: TTransportAdapter = {
  mode: "local",
  async send(context) {
    const { db, recipient, deliveryId } = context;
    let { notification } = context;
    // authentik: a body mapping on a local transport may rewrite the notification (body, hyperlink); its return value is ignored.
    const mapped = await applyMapping(context, context.transport.webhookMappingBody, "body");
    if (mapped && !mapped.ok) return mapped.outcome;
    if (mapped?.ok) {
      notification = {
        ...notification,
        body: mapped.notification.body,
        hyperlink: mapped.notification.hyperlink ?? null,
        hyperlinkLabel: mapped.notification.hyperlink_label ?? null,
      };
    }
    const [inserted] = await db
      .insert(notifications)
      .values({
        severity: notification.severity,
        body: notification.body,
        hyperlink: notification.hyperlink,
        hyperlinkLabel: notification.hyperlinkLabel,
        event: notification.event?.eventUuid ?? null,
        rule: notification.rule?.pk ?? null,
        user: recipient.pk,
        dedupKey: deliveryId,
      })
      .onConflictDoNothing({ target: notifications.dedupKey })
      .returning({ uuid: notifications.uuid });
    const uuid =
      inserted?.uuid ??
      (
        await db.select({ uuid: notifications.uuid }).from(notifications).where(eq(notifications.dedupKey, deliveryId))
      )[0]?.uuid;
    if (inserted) publishNotification({ user: recipient.pk, uuid: inserted.uuid });
    return { status: "delivered", messages: [], notificationUuid: uuid };
  },
};
