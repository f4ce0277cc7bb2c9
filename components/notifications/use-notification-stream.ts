"use client";

import { useEffect, useRef, useState } from "react";
import { NOTIFICATIONS_API } from "./api";
import type { TBellNotification } from "./types";

export const STREAM_URL = `${NOTIFICATIONS_API}stream/`;

/** "open": messages flow; "connecting": first attempt or a quick retry; "reconnecting": failed several times in a row. */
export type TStreamState = "connecting" | "open" | "reconnecting";

/** Failures in a row before the quiet "reconnecting…" hint shows. */
const HINT_AFTER_FAILURES = 3;
const BACKOFF_MS = [1_000, 2_000, 5_000, 10_000, 30_000];

type THandlers = {
  onNotification: (notification: TBellNotification) => void;
  onUnread: (count: number) => void;
};

/**
 * The tab's one server-sent-events connection to the bell's stream. The browser's EventSource
 * reconnects by itself after a dropped connection and sends Last-Event-ID; when it gives up (an
 * error answer closes it for good) this hook opens a new one after a backoff and passes the last
 * id it saw as `last_event_id`, since a new EventSource cannot set that header.
 */
export function useNotificationStream(handlers: THandlers): TStreamState {
  const [state, setState] = useState<TStreamState>("connecting");
  const handlersRef = useRef(handlers);
  handlersRef.current = handlers;

  useEffect(() => {
    let source: EventSource | null = null;
    let retryTimer: ReturnType<typeof setTimeout> | undefined;
    let failures = 0;
    let lastEventId: string | null = null;
    let stopped = false;

    const remember = (message: MessageEvent) => {
      if (message.lastEventId) lastEventId = message.lastEventId;
    };
    const parse = (message: MessageEvent) => {
      try {
        return JSON.parse(message.data);
      } catch {
        return null;
      }
    };
    const failed = () => {
      failures += 1;
      setState(failures >= HINT_AFTER_FAILURES ? "reconnecting" : "connecting");
    };

    const connect = () => {
      const url = lastEventId ? `${STREAM_URL}?last_event_id=${encodeURIComponent(lastEventId)}` : STREAM_URL;
      const current = new EventSource(url);
      source = current;
      current.addEventListener("open", () => {
        failures = 0;
        setState("open");
      });
      current.addEventListener("notification", (message) => {
        remember(message);
        const notification = parse(message);
        if (notification?.pk) handlersRef.current.onNotification(notification);
      });
      current.addEventListener("unread", (message) => {
        remember(message);
        const count = parse(message)?.count;
        if (typeof count === "number") handlersRef.current.onUnread(count);
      });
      current.addEventListener("error", () => {
        failed();
        // CONNECTING: the browser retries by itself (with Last-Event-ID). CLOSED: it gave up.
        if (current.readyState !== EventSource.CLOSED || stopped) return;
        current.close();
        const delay = BACKOFF_MS[Math.min(failures - 1, BACKOFF_MS.length - 1)];
        retryTimer = setTimeout(connect, delay);
      });
    };

    connect();
    return () => {
      stopped = true;
      clearTimeout(retryTimer);
      source?.close();
    };
  }, []);

  return state;
}
