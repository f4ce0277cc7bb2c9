import type { Db } from "@/db/client";
import { actorSnapshot, type TActor } from "@/lib/actor";
import { recordAudit } from "@/lib/events/audit";
import { forgetCachedEventRetention } from "@/lib/events/retention";
import { readSettings, writeSettingRows } from "./queries";
import { type TSettings, ZSettings } from "./validation";

/** Admin edits of system settings: validated, written and audited (model_updated with a diff) together. */
export async function updateSettings(db: Db, actor: TActor, patch: Partial<TSettings>): Promise<TSettings> {
  return db
    .transaction(async (tx) => {
      const before = await readSettings(tx);
      const after = ZSettings.parse({ ...before, ...patch });
      await writeSettingRows(tx, after);
      await recordAudit(tx, {
        kind: "updated",
        actor: actorSnapshot(actor),
        clientIp: actor.clientIp,
        model: { app: "herald_core", model_name: "settings", pk: "system", name: "System settings" },
        before,
        after,
      });
      return after;
    })
    .finally(forgetCachedEventRetention); // a read between write and commit may have cached the old value
}
