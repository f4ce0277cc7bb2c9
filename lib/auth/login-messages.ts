/** Turns next-auth's sign-in error code into what the form says (no account enumeration). */
export function loginErrorMessage(code: string | undefined): string {
  const limited = /^rate_limited:(\d+)$/.exec(code ?? "");
  if (limited) {
    const seconds = Number(limited[1]);
    return `Too many failed sign-ins. Try again in ${seconds > 90 ? `${Math.ceil(seconds / 60)} minutes` : `${seconds} seconds`}.`;
  }
  return "Invalid username or password.";
}

const IDP_REFUSALS: Record<string, string> = {
  oidc_email_unverified:
    "Your identity provider has not verified your email address, so Herald cannot link your account.",
  oidc_email_ambiguous: "Several Herald accounts have your email address; ask an administrator to link yours.",
  oidc_service_account: "Service accounts cannot sign in.",
  oidc_inactive: "Your account is deactivated.",
  oidc_failed: "Sign-in with your identity provider failed. Try again.",
};

/** What the login page says when an IdP sign-in came back refused (`?error=oidc_…`). */
export function idpErrorMessage(code: string | undefined): string | undefined {
  if (!code) return undefined;
  return (
    IDP_REFUSALS[code] ??
    (code.startsWith("oidc_") || code === "AccessDenied" || code === "Configuration"
      ? IDP_REFUSALS.oidc_failed
      : undefined)
  );
}

/** Only same-origin paths are followed after sign-in (no open redirect). */
export function safeNextPath(next: string | null | undefined): string | null {
  if (!next?.startsWith("/") || next.startsWith("//") || next.startsWith("/\\")) return null;
  if (next.startsWith("/login") || next.startsWith("/api/")) return null;
  return next;
}
