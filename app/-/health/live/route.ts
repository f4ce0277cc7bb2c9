export const dynamic = "force-dynamic";

/** Liveness: the process answers HTTP. Says nothing about the database (that is /-/health/ready/). */
export function GET(): Response {
  return new Response(null, { status: 200 });
}
