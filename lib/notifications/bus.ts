import { EventEmitter } from "node:events";

/**
 * In-process channel for bell changes. The local transport and dispatch's planner publish each
 * notification row they write; the user's own changes (mark read, delete, bulk, clear) publish an
 * unread change. Every open stream of that user in this process hears both. Dispatch runs inside
 * the server process by default, so its rows reach the server's streams; a notification written by
 * a separate worker process is heard only by that process (cross-process fan-out is not built yet).
 */
export type TNotificationPublished = { user: number; uuid: string };
export type TBellMessage = { kind: "notification"; uuid: string } | { kind: "unread" };

type TBusStore = { heraldNotificationBus?: EventEmitter };
const store = globalThis as unknown as TBusStore;

function bus(): EventEmitter {
  if (!store.heraldNotificationBus) {
    store.heraldNotificationBus = new EventEmitter();
    store.heraldNotificationBus.setMaxListeners(0);
  }
  return store.heraldNotificationBus;
}

export function publishNotification(message: TNotificationPublished): void {
  bus().emit(`user:${message.user}`, { kind: "notification", uuid: message.uuid } satisfies TBellMessage);
}

/** The user's unread count may have changed (read, unread, deleted, cleared). */
export function publishUnreadChanged(user: number): void {
  bus().emit(`user:${user}`, { kind: "unread" } satisfies TBellMessage);
}

export function subscribeNotifications(user: number, listener: (message: TBellMessage) => void): () => void {
  bus().on(`user:${user}`, listener);
  return () => bus().off(`user:${user}`, listener);
}
