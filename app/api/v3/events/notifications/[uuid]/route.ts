import { getDb } from "@/db/client";
import { json, noContent, parseBody, route } from "@/lib/api/http";
import { requireApiActor } from "@/lib/auth/current";
import { deleteOwnNotification, updateOwnNotification } from "@/lib/notifications/mutations";
import { findOwnNotification, serializeNotifications } from "@/lib/notifications/queries";
import { ZNotificationPatch } from "@/lib/notifications/validation";
import { notificationUuid, type TNotificationCtx } from "../_params";

export const dynamic = "force-dynamic";

export const GET = route(async (request: Request, ctx: TNotificationCtx) => {
  const actor = await requireApiActor(request);
  const db = await getDb();
  const [serialized] = await serializeNotifications(db, [
    await findOwnNotification(db, actor.userId, await notificationUuid(ctx)),
  ]);
  return json(serialized);
});

/** PUT and PATCH both change only `seen`; other fields are read-only, as in authentik. */
const update = route(async (request: Request, ctx: TNotificationCtx) => {
  const actor = await requireApiActor(request);
  const db = await getDb();
  const uuid = await notificationUuid(ctx);
  const row = await updateOwnNotification(db, actor.userId, uuid, await parseBody(request, ZNotificationPatch));
  const [serialized] = await serializeNotifications(db, [row]);
  return json(serialized);
});
export const PUT = update;
export const PATCH = update;

export const DELETE = route(async (request: Request, ctx: TNotificationCtx) => {
  const actor = await requireApiActor(request);
  await deleteOwnNotification(await getDb(), actor.userId, await notificationUuid(ctx));
  return noContent();
});
