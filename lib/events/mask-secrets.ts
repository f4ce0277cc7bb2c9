/** What a masked value becomes (authentik: exactly 20 asterisks). */
export const SECRET_MASK = "*".repeat(20);

/** Whole words that mark a key as secret (matched on word boundaries, not substrings). */
const SECRET_WORDS = new Set([
  "password",
  "passwd",
  "pass",
  "passphrase",
  "pwd",
  "token",
  "tokens",
  "secret",
  "secrets",
  "key",
  "keys",
  "apikey",
  "privatekey",
  "accesskey",
  "secretkey",
  "auth",
  "authorization",
  "signature",
  "sig",
  "cookie",
  "cookies",
  "setcookie",
  "credential",
  "credentials",
  "otp",
  "totp",
  "assertion",
  "jwt",
  "bearer",
  "csrf",
  "csrftoken",
  "xsrf",
  "sessionid",
]);
/** A word ending like this is a secret too ("accesstoken", "clientsecret", "dbpassword"). */
const SECRET_SUFFIXES = ["token", "secret", "password", "passwd", "cookie", "apikey", "signature"];
/** A trailing word that turns a secret-sounding key into metadata ("password_change_date", "token_expires"). */
const METADATA_TAILS = new Set([
  "date",
  "at",
  "time",
  "timestamp",
  "changed",
  "expires",
  "expiry",
  "expiration",
  "count",
  "length",
  "type",
  "policy",
  "strength",
  "required",
  "identifier",
  "id",
  "prefix",
  "name",
  "set",
  "valid",
  "enabled",
  "format",
  "algorithm",
  "url",
  "uri",
]);

function keyWords(key: string): string[] {
  return key
    .replace(/([a-z0-9])([A-Z])/g, "$1_$2")
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter(Boolean);
}

/** Word-based, so "passing", "authorized_application" and "goauthentik.io/x" stay readable. */
export function isSecretKey(key: string): boolean {
  const words = keyWords(key);
  if (words.length === 0) return false;
  if (words.length > 1 && METADATA_TAILS.has(words[words.length - 1])) return false;
  return words.some(
    (word) =>
      SECRET_WORDS.has(word) || SECRET_SUFFIXES.some((suffix) => word.length > suffix.length && word.endsWith(suffix)),
  );
}

function maskValue(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(maskValue);
  if (value === null || value === undefined || value === "") return value;
  return SECRET_MASK;
}

/** `scheme://user:password@` — the password part of a URL's user info. */
const URL_PASSWORD = /([a-z][a-z0-9+.-]*:\/\/[^\s/?#@:]*):([^\s/?#@]*)@/gi;
/** `?name=value` / `&name=value` pairs inside any text (URLs, DSNs, log lines). */
const QUERY_PAIR = /([?&;])([^=&#;\s?]+)=([^&#;\s]*)/g;

/**
 * Credentials inside a value rather than under a secret key: a URL's password
 * (`https://user:pw@host`, `postgres://u:pw@db/x`) and secret-named query parameters (`?token=x`).
 */
export function maskSecretsInText(text: string): string {
  let out = text;
  if (out.includes("://")) out = out.replace(URL_PASSWORD, (_match, head: string) => `${head}:${SECRET_MASK}@`);
  if (out.includes("=")) {
    out = out.replace(QUERY_PAIR, (match, separator: string, name: string, inner: string) => {
      if (inner === "" || !isSecretKey(safeDecode(name))) return match;
      return `${separator}${name}=${SECRET_MASK}`;
    });
  }
  return out;
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

/**
 * Returns a copy with every secret-keyed value masked, at any depth, list items included; text
 * values also lose the credentials they carry (see maskSecretsInText).
 */
export function maskSecrets(value: unknown): unknown {
  if (typeof value === "string") return maskSecretsInText(value);
  if (Array.isArray(value)) return value.map(maskSecrets);
  if (value && typeof value === "object") {
    const out: Record<string, unknown> = {};
    for (const [key, inner] of Object.entries(value)) {
      out[key] =
        isSecretKey(key) && (inner === null || typeof inner !== "object" || Array.isArray(inner))
          ? maskValue(inner)
          : isSecretKey(key)
            ? maskObject(inner as Record<string, unknown>)
            : maskSecrets(inner);
    }
    return out;
  }
  return value;
}

/** A secret-keyed object: mask every leaf, keep the shape so readers see which fields were present. */
function maskObject(value: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, inner] of Object.entries(value)) {
    out[key] =
      inner && typeof inner === "object" && !Array.isArray(inner)
        ? maskObject(inner as Record<string, unknown>)
        : maskValue(inner);
  }
  return out;
}
