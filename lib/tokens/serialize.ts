import type { TToken } from "@/db/schema";
import type { TSerializedUser } from "@/lib/users/serialize";

export function tokenModelRef(token: Pick<TToken, "uuid" | "identifier">) {
  return { app: "herald_core", model_name: "token", pk: token.uuid.replaceAll("-", ""), name: token.identifier };
}

/** What audit events record for a token (diffs are computed over this); never the key or its hash. */
export function tokenAuditSnapshot(token: TToken): Record<string, unknown> {
  return {
    identifier: token.identifier,
    intent: token.intent,
    user: token.userId,
    description: token.description,
    expiring: token.expiring,
    expires: token.expires,
    revoked_at: token.revokedAt,
    scopes: token.scopes,
  };
}

export type TTokenStatus = "active" | "expired" | "revoked";

/** authentik's Token plus Herald's read-only extras (key prefix, status, timestamps). The key is never here. */
export type TSerializedToken = {
  pk: string;
  managed: string | null;
  identifier: string;
  intent: TToken["intent"];
  user: number;
  user_obj: TSerializedUser;
  description: string;
  expires: string | null;
  expiring: boolean;
  key_prefix: string;
  status: TTokenStatus;
  created: string;
  last_used: string | null;
  revoked_at: string | null;
  /** Herald: what the token may do (see TOKEN_SCOPES). */
  scopes: TToken["scopes"];
};

export function tokenStatus(token: TToken, now = Date.now()): TTokenStatus {
  if (token.revokedAt) return "revoked";
  if (token.expiring && token.expires && token.expires.getTime() <= now) return "expired";
  return "active";
}

export function serializeToken(token: TToken, owner: TSerializedUser): TSerializedToken {
  const iso = (value: Date | null) => (value ? new Date(value).toISOString() : null);
  return {
    pk: token.uuid,
    managed: token.managed,
    identifier: token.identifier,
    intent: token.intent,
    user: token.userId,
    user_obj: owner,
    description: token.description,
    expires: iso(token.expires),
    expiring: token.expiring,
    key_prefix: token.keyPrefix,
    status: tokenStatus(token),
    created: new Date(token.created).toISOString(),
    last_used: iso(token.lastUsed),
    revoked_at: iso(token.revokedAt),
    scopes: token.scopes,
  };
}
