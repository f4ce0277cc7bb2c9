import { type NextRequest, NextResponse } from "next/server";
import { gateApiRequest } from "@/lib/api/api-gate";

/** Runs before routing, so malformed paths, unknown endpoints and unsupported methods still get JSON (lib/api/api-gate.ts). */
export function proxy(request: NextRequest): NextResponse {
  const refusal = gateApiRequest(request.method, rawPathOf(request.url));
  if (!refusal) return NextResponse.next();
  return NextResponse.json(refusal.body, { status: refusal.status, headers: refusal.headers });
}

/** The path as sent, still percent-encoded (URL parsing keeps invalid escapes as they are). */
function rawPathOf(url: string): string {
  const afterOrigin = url.replace(/^[a-z]+:\/\/[^/]+/i, "");
  return afterOrigin.split(/[?#]/)[0];
}

export const config = { matcher: ["/api/v3", "/api/v3/:path*"] };
