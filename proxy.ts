import { type NextRequest, NextResponse } from "next/server";
import { gateApiRequest } from "@/lib/api/api-gate";
import { jsonTextDepth, MAX_JSON_DEPTH } from "@/lib/api/untrusted-json";

/**
 * Runs before routing. API requests: malformed paths, unknown endpoints and unsupported methods
 * still get JSON (lib/api/api-gate.ts). Server-action calls: arguments nested too deep are refused
 * here, because Next decodes them recursively before any action code (or defineAction's checks) runs.
 */
export async function proxy(request: NextRequest): Promise<NextResponse> {
  if (request.headers.has("next-action")) return checkActionArguments(request);
  const refusal = gateApiRequest(request.method, rawPathOf(request.url));
  if (!refusal) return NextResponse.next();
  return NextResponse.json(refusal.body, { status: refusal.status, headers: refusal.headers });
}

/** Actions take JSON-shaped arguments; a few levels of encoding sit around the argument itself. */
const MAX_ACTION_ARGUMENT_DEPTH = MAX_JSON_DEPTH + 8;

async function checkActionArguments(request: NextRequest): Promise<NextResponse> {
  const contentType = request.headers.get("content-type") ?? "";
  if (request.method !== "POST" || !contentType.startsWith("text/plain")) return NextResponse.next();
  const text = await request.clone().text();
  if (jsonTextDepth(text) <= MAX_ACTION_ARGUMENT_DEPTH) return NextResponse.next();
  return NextResponse.json(
    { detail: `Action arguments are nested more than ${MAX_JSON_DEPTH} levels deep.`, code: "validation" },
    { status: 400 },
  );
}

/** The path as sent, still percent-encoded (URL parsing keeps invalid escapes as they are). */
function rawPathOf(url: string): string {
  const afterOrigin = url.replace(/^[a-z]+:\/\/[^/]+/i, "");
  return afterOrigin.split(/[?#]/)[0];
}

export const config = {
  matcher: [
    "/api/v3",
    "/api/v3/:path*",
    { source: "/((?!_next/static|_next/image).*)", has: [{ type: "header", key: "next-action" }] },
  ],
};
