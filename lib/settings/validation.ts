import { z } from "zod";
import { DEFAULT_EVENT_RETENTION, parseDuration } from "@/lib/events/retention";

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
    .refine(
      (value) =>
        value === "" ||
        (/^https?:\/\//.test(value) && value.includes("{z}") && value.includes("{x}") && value.includes("{y}")),
      {
        message: "Enter an http(s) URL template containing {z}, {x} and {y}, or leave it empty.",
      },
    )
    .default(""),
});
export type TSettings = z.infer<typeof ZSettings>;
export const SETTINGS_DEFAULTS: TSettings = ZSettings.parse({});
