import { eq } from "drizzle-orm";
import { notifications } from "@/db/schema";
import { publishNotification } from "@/lib/notifications/bus";
import type { TTransportAdapter } from "./types";

/**
 * In-app notification (the bell): one row per delivery. The delivery id is the row's dedup key, so
 * a retried, replayed or re-dispatched delivery finds the row it already wrote instead of adding one.
 */
export const localAdapter: TTransportAdapter = {
  mode: "local",
  async send({ db, notification, recipient, deliveryId }) {
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
      (await db.select({ uuid: notifications.uuid }).from(notifications).where(eq(notifications.dedupKey, deliveryId)))[0]
        ?.uuid;
    if (inserted) publishNotification({ user: recipient.pk, uuid: inserted.uuid });
    return { status: "delivered", messages: [], notificationUuid: uuid };
  },
};
