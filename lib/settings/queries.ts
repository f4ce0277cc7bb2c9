import { eq } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { settings } from "@/db/schema";
import { forgetCachedEventRetention } from "@/lib/events/retention";
import { SETTINGS_DEFAULTS, type TSettings, ZSettings } from "./validation";

export async function readSettings(db: DbOrTx): Promise<TSettings> {
  const rows = await db.select().from(settings);
  const raw = Object.fromEntries(rows.map((row) => [row.key, row.value]));
  const parsed = ZSettings.safeParse(raw);
  return parsed.success ? parsed.data : { ...SETTINGS_DEFAULTS };
}

export async function readSetting<K extends keyof TSettings>(db: DbOrTx, key: K): Promise<TSettings[K]> {
  const [row] = await db.select().from(settings).where(eq(settings.key, key));
  const parsed = ZSettings.shape[key].safeParse(row?.value);
  return parsed.success ? (parsed.data as TSettings[K]) : SETTINGS_DEFAULTS[key];
}

/**
 * Stores values as they are, one row per key, without an audit event: updateSettings (mutations.ts)
 * is the audited edit; this is the storage under it.
 */
export async function writeSettingRows(db: DbOrTx, values: Partial<TSettings>): Promise<void> {
  forgetCachedEventRetention();
  for (const [key, value] of Object.entries(values)) {
    await db
      .insert(settings)
      .values({ key, value })
      .onConflictDoUpdate({ target: settings.key, set: { value, updated: new Date() } });
  }
}
