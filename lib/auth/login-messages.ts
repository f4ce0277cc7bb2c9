/** Turns next-auth's sign-in error code into what the form says (no account enumeration). */
export function loginErrorMessage(code: string | undefined): string {
  const limited = /^rate_limited:(\d+)$/.exec(code ?? "");
  if (limited) {
    const seconds = Number(limited[1]);
    return `Too many failed sign-ins. Try again in ${seconds > 90 ? `${Math.ceil(seconds / 60)} minutes` : `${seconds} seconds`}.`;
  }
  return "Invalid username or password.";
}

/** Only same-origin paths are followed after sign-in (no open redirect). */
export function safeNextPath(next: string | null | undefined): string | null {
  if (!next?.startsWith("/") || next.startsWith("//") || next.startsWith("/\\")) return null;
  if (next.startsWith("/login") || next.startsWith("/api/")) return null;
  return next;
}
