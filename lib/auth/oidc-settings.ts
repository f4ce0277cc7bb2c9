import { z } from "zod";

/**
 * OpenID Connect sign-in settings. Sign-in with the IdP is on when issuer, client id and secret are
 * all set; half a configuration is an error at start-up rather than a button that cannot work.
 */
const ZOidcEnv = z.object({
  HERALD_OIDC_ISSUER: z.url({ error: "Must be the issuer URL (https://idp.example.com/application/o/herald/)." }),
  HERALD_OIDC_CLIENT_ID: z.string().min(1),
  HERALD_OIDC_CLIENT_SECRET: z.string().min(1),
  /** Comma-separated names in the `groups` claim whose members are Herald administrators. */
  HERALD_OIDC_ADMIN_GROUPS: z.string().default(""),
  /** What the login page's button says: "Sign in with <name>". */
  HERALD_OIDC_NAME: z.string().trim().min(1).max(80).default("SSO"),
});

export type TOidcSettings = {
  issuer: string;
  clientId: string;
  clientSecret: string;
  adminGroups: string[];
  displayName: string;
};

const KEYS = ["HERALD_OIDC_ISSUER", "HERALD_OIDC_CLIENT_ID", "HERALD_OIDC_CLIENT_SECRET"] as const;

let cached: { source: string; settings: TOidcSettings | null } | undefined;

/** The settings, or null when OpenID Connect sign-in is not configured. */
export function oidcSettings(environment: NodeJS.ProcessEnv = process.env): TOidcSettings | null {
  const values = Object.fromEntries(
    Object.entries(environment).filter(([key, value]) => key.startsWith("HERALD_OIDC_") && value !== ""),
  );
  const source = JSON.stringify(values);
  if (cached?.source === source) return cached.settings;
  let settings: TOidcSettings | null = null;
  if (KEYS.some((key) => values[key] !== undefined)) {
    const parsed = ZOidcEnv.safeParse(values);
    if (!parsed.success) {
      const problems = parsed.error.issues.map((issue) => `${issue.path.join(".")}: ${issue.message}`);
      throw new Error(`Invalid OpenID Connect configuration:\n  ${problems.join("\n  ")}`);
    }
    settings = {
      issuer: parsed.data.HERALD_OIDC_ISSUER,
      clientId: parsed.data.HERALD_OIDC_CLIENT_ID,
      clientSecret: parsed.data.HERALD_OIDC_CLIENT_SECRET,
      adminGroups: parsed.data.HERALD_OIDC_ADMIN_GROUPS.split(",")
        .map((group) => group.trim())
        .filter(Boolean),
      displayName: parsed.data.HERALD_OIDC_NAME,
    };
  }
  cached = { source, settings };
  return settings;
}
