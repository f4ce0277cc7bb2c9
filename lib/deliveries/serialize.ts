import type { TDelivery } from "@/db/schema";
import { isImplicitLocal } from "./payload";

export type TJoinedDelivery = {
  delivery: TDelivery;
  transportName: string | null;
  transportMode: string | null;
  ruleName: string | null;
  username: string | null;
};

export function serializeDelivery(row: TJoinedDelivery) {
  const { delivery } = row;
  const payload = delivery.payload as { body?: string; severity?: string; rule_name?: string };
  const implicitLocal = isImplicitLocal(delivery.payload);
  return {
    pk: delivery.uuid,
    status: delivery.status,
    attempts: delivery.attempts,
    max_attempts: delivery.maxAttempts,
    next_attempt_at: delivery.nextAttemptAt?.toISOString() ?? null,
    last_error: delivery.lastError,
    event: delivery.event,
    rule: delivery.rule,
    rule_name: row.ruleName ?? payload.rule_name ?? null,
    transport: delivery.transport,
    transport_name: implicitLocal ? "In-app notification (rule without transports)" : row.transportName,
    transport_mode: implicitLocal ? "local" : row.transportMode,
    user: delivery.user,
    username: row.username,
    notification: delivery.notification,
    webhook_id: delivery.webhookId,
    severity: payload.severity ?? null,
    body: payload.body ?? null,
    created: delivery.created.toISOString(),
    updated: delivery.updated.toISOString(),
    completed_at: delivery.completedAt?.toISOString() ?? null,
  };
}
export type TSerializedDelivery = ReturnType<typeof serializeDelivery>;
