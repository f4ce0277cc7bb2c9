import { createHash, randomBytes } from "node:crypto";

/** API keys are 256-bit random values; only their SHA-256 is stored. */
export function generateTokenKey(): string {
  return randomBytes(32).toString("base64url");
}

export function hashTokenKey(key: string): string {
  return createHash("sha256").update(key, "utf8").digest("hex");
}

export function tokenKeyPrefix(key: string): string {
  return key.slice(0, 6);
}
