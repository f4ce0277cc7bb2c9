import { eq } from "drizzle-orm";
import { z } from "zod";
import type { Db, DbOrTx } from "@/db/client";
import { actorSnapshot, type TActor } from "@/lib/actor";
import { recordAudit } from "@/lib/events/audit";
import { settings } from "@/db/schema";
import { DEFAULT_EVENT_RETENTION, forgetCachedEventRetention, parseDuration } from "@/lib/events/retention";

/** Every system setting, its validation and default. Values are stored as JSON per key. */
export const ZSettings = z.object({
  event_retention: z
    .string()
    .trim()
    .superRefine((value, ctx) => {
      const parsed = parseDuration(value);
      if (!parsed.ok) ctx.addIssue({ code: "custom", message: parsed.message });
    })
    .default(DEFAULT_EVENT_RETENTION),
  /**
   * Optional map tiles ("https://tile.example/{z}/{x}/{y}.png"). Empty = the bundled world outline
   * only, which needs no network.
   */
  map_tile_url: z
    .string()
    .trim()
    .max(500)
    .refine((value) => value === "" || (/^https?:\/\//.test(value) && value.includes("{z}") && value.includes("{x}") && value.includes("{y}")), {
      message: "Enter an http(s) URL template containing {z}, {x} and {y}, or leave it empty.",
    })
    .default(""),
});
export type TSettings = z.infer<typeof ZSettings>;
export const SETTINGS_DEFAULTS: TSettings = ZSettings.parse({});

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

export async function writeSettingRows(db: DbOrTx, values: Partial<TSettings>): Promise<void> {
  forgetCachedEventRetention();
  for (const [key, value] of Object.entries(values)) {
    await db
      .insert(settings)
      .values({ key, value })
      .onConflictDoUpdate({ target: settings.key, set: { value, updated: new Date() } });
  }
}

/** Admin edits of system settings: validated, written and audited (model_updated with a diff) together. */
export async function updateSettings(db: Db, actor: TActor, patch: Partial<TSettings>): Promise<TSettings> {
  return db.transaction(async (tx) => {
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
  }).finally(forgetCachedEventRetention); // a read between write and commit may have cached the old value
}
