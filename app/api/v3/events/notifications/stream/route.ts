import { getDb } from "@/db/client";
import { route } from "@/lib/api/http";
import { requireApiActor } from "@/lib/auth/current";
import { notificationStream } from "@/lib/notifications/stream";

export const dynamic = "force-dynamic";

/**
 * Herald's live bell: server-sent events of the caller's own notifications. A new EventSource
 * cannot set Last-Event-ID, so the client may pass the id it last saw as `last_event_id`.
 */
export const GET = route(async (request: Request) => {
  const actor = await requireApiActor(request);
  const url = new URL(request.url);
  const lastEventId = request.headers.get("last-event-id") ?? url.searchParams.get("last_event_id");
  const stream = notificationStream(await getDb(), actor.userId, { lastEventId, signal: request.signal });
  return new Response(stream, {
    headers: {
      "content-type": "text/event-stream; charset=utf-8",
      "cache-control": "no-cache, no-transform",
      connection: "keep-alive",
      "x-accel-buffering": "no",
    },
  });
});
