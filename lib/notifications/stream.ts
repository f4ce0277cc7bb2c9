import type { DbOrTx } from "@/db/client";
import { decodeCursor, encodeCursor } from "@/lib/api/cursor";
import { logger } from "@/lib/logger";
import { subscribeNotifications } from "./bus";
import { findOwnNotification, notificationsSince, serializeNotifications, streamIdOf, unseenCount } from "./queries";

/** A comment line every so often keeps proxies from closing an idle stream. */
export const HEARTBEAT_MS = 25_000;
/** How long a browser waits before its automatic reconnect. */
const RETRY_MS = 3000;

/**
 * The bell's server-sent events for one user: `notification` (serialized as the list serializes
 * it) for each new one, `unread` ({count}) on connect and after every change. Every message has an
 * id — the cursor of the newest notification sent — so a reconnect (Last-Event-ID) first replays
 * what was created since. Messages are written one at a time, in order, from a queue, so a burst
 * of changes cannot interleave a notification with a stale count.
 */
export function notificationStream(
  db: DbOrTx,
  userId: number,
  options: { lastEventId?: string | null; signal?: AbortSignal; heartbeatMs?: number } = {},
): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  let lastId = options.lastEventId && decodeCursor(options.lastEventId) ? options.lastEventId : "0";
  let unsubscribe = () => {};
  let heartbeat: ReturnType<typeof setInterval> | undefined;
  let chain: Promise<void> = Promise.resolve();
  let closed = false;

  return new ReadableStream<Uint8Array>({
    start(controller) {
      const write = (text: string) => {
        if (!closed) controller.enqueue(encoder.encode(text));
      };
      const send = (event: string, data: unknown) =>
        write(`id: ${lastId}\nevent: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
      const close = () => {
        if (closed) return;
        closed = true;
        unsubscribe();
        clearInterval(heartbeat);
        try {
          controller.close();
        } catch {
          // already closed by the client going away
        }
      };
      const enqueue = (work: () => Promise<void>) => {
        chain = chain.then(work).catch((error) => {
          logger.warn({ err: error, user: userId }, "notification stream write failed");
          close();
        });
      };
      const sendUnread = async () => send("unread", { count: await unseenCount(db, userId) });

      write(`retry: ${RETRY_MS}\n\n`);
      unsubscribe = subscribeNotifications(userId, (message) => {
        enqueue(async () => {
          if (closed) return;
          if (message.kind === "notification") {
            const row = await findOwnNotification(db, userId, message.uuid).catch(() => null);
            if (!row) return;
            lastId = (await streamIdOf(db, row.uuid)) ?? lastId;
            const [serialized] = await serializeNotifications(db, [row]);
            send("notification", serialized);
          }
          await sendUnread();
        });
      });
      enqueue(async () => {
        const since = options.lastEventId ? decodeCursor(options.lastEventId) : null;
        if (since) {
          const missed = await notificationsSince(db, userId, since);
          const serialized = await serializeNotifications(
            db,
            missed.map((entry) => entry.row),
          );
          missed.forEach((entry, index) => {
            lastId = encodeCursor({ at: entry.at, id: entry.row.uuid });
            send("notification", serialized[index]);
          });
        }
        await sendUnread();
      });
      heartbeat = setInterval(() => write(": ping\n\n"), options.heartbeatMs ?? HEARTBEAT_MS);
      options.signal?.addEventListener("abort", close, { once: true });
    },
    cancel() {
      closed = true;
      unsubscribe();
      clearInterval(heartbeat);
    },
  });
}
