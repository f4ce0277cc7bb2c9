import { type SQL, sql } from "drizzle-orm";
import { z } from "zod";
import { type DbOrTx, rowsOf } from "@/db/client";
import { events } from "@/db/schema";
import { eventFilters } from "./queries";
import { parseDuration } from "./retention";
import { ZEventFilters } from "./validation";

/** At most this many steps per request: each is one more filtered count in the same statement. */
export const MAX_COUNT_STEPS = 20;

/** authentik's stats query: the list filters plus one or more `count_steps` durations ("weeks=3;days=2"). */
export const ZEventStatsQuery = ZEventFilters.extend({
  count_steps: z
    .array(z.string().trim().min(1, "This field may not be blank.").max(200), { error: "This field is required." })
    .min(1, "This field is required.")
    .max(MAX_COUNT_STEPS, `Ensure this field has no more than ${MAX_COUNT_STEPS} elements.`)
    .superRefine((steps, ctx) => {
      for (const step of steps) {
        const parsed = parseDuration(step);
        if (!parsed.ok) ctx.addIssue({ code: "custom", message: `${step}: ${parsed.message}` });
      }
    }),
  ordering: z.string().max(50).optional(),
});
export type TEventStatsQuery = z.infer<typeof ZEventStatsQuery>;
export const EVENT_STATS_ARRAY_KEYS = ["actions", "count_steps"];

/** authentik's EventStats: distinct users among the filtered events, and their count within each step back from now. */
export type TEventStats = { unique_users: number; count_step: Record<string, number> };

/**
 * One statement over the filtered events: the distinct users (by user.pk, as authentik's
 * top_per_user counts them) and a `count(*) filter (…)` per step, keyed by the step as sent.
 */
export async function eventStats(db: DbOrTx, query: TEventStatsQuery, now = new Date()): Promise<TEventStats> {
  const where = eventFilters(query) ?? sql`true`;
  const steps = [...new Set(query.count_steps)];
  const counts: SQL[] = steps.map((step, index) => {
    const since = new Date(now.getTime() - (parseDuration(step) as { milliseconds: number }).milliseconds);
    return sql`count(*) filter (where ${events.created} >= ${since.toISOString()}::timestamptz) as ${sql.identifier(`step_${index}`)}`;
  });
  const [row] = rowsOf<Record<string, number | string>>(
    await db.execute(
      sql`select count(distinct ${events.user}->>'pk') as unique_users, ${sql.join(counts, sql`, `)} from ${events} where ${where}`,
    ),
  );
  return {
    unique_users: Number(row?.unique_users ?? 0),
    count_step: Object.fromEntries(steps.map((step, index) => [step, Number(row?.[`step_${index}`] ?? 0)])),
  };
}
