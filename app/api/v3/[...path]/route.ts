import { json } from "@/lib/api/http";

export const dynamic = "force-dynamic";

/** Paths under /api/v3 that no route serves; proxy.ts answers them first, this is the fallback. */
function notFound(request: Request): Response {
  const path = new URL(request.url).pathname.slice(0, 200);
  return json({ detail: `Not found: no API endpoint at ${path}.`, code: "not_found" }, 404);
}

export const GET = notFound;
export const POST = notFound;
export const PUT = notFound;
export const PATCH = notFound;
export const DELETE = notFound;
