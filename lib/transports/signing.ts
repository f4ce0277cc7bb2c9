import { createHmac, randomBytes } from "node:crypto";

/**
 * Standard Webhooks (https://www.standardwebhooks.com): `webhook-id`, `webhook-timestamp` and
 * `webhook-signature: v1,<base64 HMAC-SHA256 of "id.timestamp.body">`, keyed with the secret's
 * base64 part (`whsec_<base64>`). Receivers verify with any Standard Webhooks library.
 */
export const SIGNING_SECRET_PREFIX = "whsec_";

export function generateSigningSecret(): string {
  return `${SIGNING_SECRET_PREFIX}${randomBytes(32).toString("base64")}`;
}

/** A secret must be whsec_ followed by base64 of 24–64 bytes. */
export function isValidSigningSecret(secret: string): boolean {
  if (!secret.startsWith(SIGNING_SECRET_PREFIX)) return false;
  const encoded = secret.slice(SIGNING_SECRET_PREFIX.length);
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(encoded)) return false;
  const length = Buffer.from(encoded, "base64").length;
  return length >= 24 && length <= 64;
}

export function signatureHeaders(
  secret: string,
  webhookId: string,
  body: string,
  now = new Date(),
): Record<string, string> {
  const timestamp = Math.floor(now.getTime() / 1000).toString();
  const key = Buffer.from(secret.slice(SIGNING_SECRET_PREFIX.length), "base64");
  const signature = createHmac("sha256", key).update(`${webhookId}.${timestamp}.${body}`).digest("base64");
  return { "webhook-id": webhookId, "webhook-timestamp": timestamp, "webhook-signature": `v1,${signature}` };
}
