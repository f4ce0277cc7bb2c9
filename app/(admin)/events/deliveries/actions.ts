"use server";

import { z } from "zod";
import { deadDeliveryIds, deliveryTrace } from "@/lib/deliveries/queries";
import { replayDeliveries } from "@/lib/dispatch/dispatcher";
import { requireDispatcher } from "@/lib/dispatch/require";
import { defineAction } from "@/lib/server-actions/define-action";

const ZUuid = z.uuid({ error: "Must be a valid UUID." });

export const deliveryTraceAction = defineAction("admin", z.object({ uuid: ZUuid }), async ({ db, input }) =>
  deliveryTrace(db, input.uuid),
);

export const replayDeliveryAction = defineAction("admin", z.object({ uuid: ZUuid }), async ({ db, input }) => ({
  replayed: (await replayDeliveries(db, requireDispatcher(), [input.uuid])).length,
}));

export const replayDeadAction = defineAction(
  "admin",
  z.object({ transport: ZUuid.optional(), rule: ZUuid.optional() }),
  async ({ db, input }) => ({
    replayed: (await replayDeliveries(db, requireDispatcher(), await deadDeliveryIds(db, input))).length,
  }),
);
