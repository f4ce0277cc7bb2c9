/** Next.js calls this once per server process before it serves requests. */
export async function register(): Promise<void> {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  if (process.env.NEXT_PHASE === "phase-production-build") return;
  const { startHerald } = await import("./lib/startup/start-herald");
  await startHerald();
}
