import type { TEvent, TEventUser, TModelRef } from "@/db/schema";

/**
 * The event in authentik's API shape (pk, user, action, app, context, client_ip, created, expires,
 * brand), timestamps as ISO text. One serializer for the REST API, expressions, matchers, webhook
 * mappings and the notifications API, so every consumer sees the same JSON.
 */
export type TSerializedEvent = {
  pk: string;
  user: TEventUser;
  action: string;
  app: string;
  context: Record<string, unknown>;
  client_ip: string | null;
  created: string;
  expires: string;
  brand: Partial<TModelRef>;
};

export function serializeEvent(event: TEvent): TSerializedEvent {
  return {
    pk: event.eventUuid,
    user: event.user ?? {},
    action: event.action,
    app: event.app,
    context: event.context ?? {},
    client_ip: event.clientIp ?? null,
    created: new Date(event.created).toISOString(),
    expires: new Date(event.expires).toISOString(),
    brand: event.brand ?? {},
  };
}

/** How side-effect events (policy_execution, delivery failures …) point back at an event. */
export function eventModelRef(event: { pk: string; action: string }): TModelRef {
  return { app: "herald_events", model_name: "event", pk: event.pk.replaceAll("-", ""), name: event.action };
}
