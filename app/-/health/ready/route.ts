import { getDb } from "@/db/client";
import { json } from "@/lib/api/http";
import { checkReadiness } from "@/lib/startup/health";

export const dynamic = "force-dynamic";

/** Readiness: 200 when the database answers and is fully migrated, else 503 with the reason. */
export async function GET(): Promise<Response> {
  try {
    const result = await checkReadiness(await getDb());
    return result.ready ? json({ status: "ready" }) : json({ status: "unavailable", detail: result.reason }, 503);
  } catch (error) {
    return json({ status: "unavailable", detail: (error as Error).message }, 503);
  }
}
