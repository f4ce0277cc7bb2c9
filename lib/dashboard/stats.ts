import { count, gte, sql } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { events, groups, users } from "@/db/schema";
import { countActiveTokens } from "@/lib/tokens/queries";

export type TDashboardStats = {
  users: number;
  activeUsers: number;
  groups: number;
  activeTokens: number;
  events24h: number;
};

/** The dashboard's headline numbers, each one indexed count. */
export async function dashboardStats(db: DbOrTx, now = new Date()): Promise<TDashboardStats> {
  const since = new Date(now.getTime() - 24 * 3600 * 1000);
  const [[userCounts], [groupCount], activeTokens, [eventCount]] = await Promise.all([
    db
      .select({ all: count(), active: sql<number>`count(*) filter (where ${users.isActive})`.mapWith(Number) })
      .from(users),
    db.select({ total: count() }).from(groups),
    countActiveTokens(db),
    db.select({ total: count() }).from(events).where(gte(events.created, since)),
  ]);
  return {
    users: userCounts.all,
    activeUsers: userCounts.active,
    groups: groupCount.total,
    activeTokens,
    events24h: eventCount.total,
  };
}
