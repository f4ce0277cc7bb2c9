import { sql } from "drizzle-orm";
import { type ConnectionOptions, fromDrizzle } from "pg-boss";
import type { DbOrTx } from "@/db/client";

/** pg-boss's `db` option for a drizzle database or transaction: the job statement commits with the caller's writes. */
export function drizzleConnection(db: DbOrTx): ConnectionOptions {
  return { db: fromDrizzle(db, sql) };
}
