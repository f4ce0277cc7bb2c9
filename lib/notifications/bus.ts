import { EventEmitter } from "node:events";

/**
 * In-process publish hook for new bell notifications: the local transport publishes after writing
 * a row; realtime channels (the bell's stream) subscribe per user. Process-local by design — a
 * stream also re-reads the table, so a notification written by another process still shows.
 */
export type TNotificationPublished = { user: number; uuid: string };

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
  bus().emit(`user:${message.user}`, message);
}

export function subscribeNotifications(user: number, listener: (message: TNotificationPublished) => void): () => void {
  bus().on(`user:${user}`, listener);
  return () => bus().off(`user:${user}`, listener);
}
