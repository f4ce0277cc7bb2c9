"use server";

import { defineAction } from "@/lib/server-actions/define-action";
import { updateSettings, ZSettings } from "@/lib/settings/settings";

export const updateSettingsAction = defineAction("admin", ZSettings.partial(), async ({ actor, db, input }) => updateSettings(db, actor, input));
