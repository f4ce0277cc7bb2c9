"use server";

import { defineAction } from "@/lib/server-actions/define-action";
import { updateSettings } from "@/lib/settings/mutations";
import { ZSettings } from "@/lib/settings/validation";

export const updateSettingsAction = defineAction("admin", ZSettings.partial(), async ({ actor, db, input }) =>
  updateSettings(db, actor, input),
);
