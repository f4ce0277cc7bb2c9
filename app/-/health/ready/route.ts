import { getDb } from "@/db/client";
import { json } from "@/lib/api/http";
import { RETRY_AFTER_SECONDS } from "@/lib/errors";
import { checkReadiness } from "@/lib/startup/health";

export const dynamic = "force-dynamic";

/** Readiness: 200 when the database answers and is fully migrated, else (within ~2 s) 503 with the reason. */
export async function GET(): Promise<Response> {
  const result = await checkReadiness(getDb());
  if (result.ready) return json({ status: "ready" });
  return json({ status: "unavailable", detail: result.reason }, 503, { "retry-after": String(RETRY_AFTER_SECONDS) });
}
