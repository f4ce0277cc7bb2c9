import { EventEmitter } from "node:events";

/**
 * In-process hook for new bell notifications: the local transport and dispatch's planner publish
 * each notification row they write. Nothing subscribes yet (the bell polls the notifications API),
 * so a publish reaches only listeners added with subscribeNotifications in the same process; one
 * written by another process (the worker) is never heard here, so a live channel built on this
 * must still re-read the table.
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
