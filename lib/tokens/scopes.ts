import { TOKEN_SCOPES, type TTokenScope } from "@/db/schema";

/** Scopes in a stable order (TOKEN_SCOPES'), each once. */
export function normalizeScopes(scopes: readonly TTokenScope[]): TTokenScope[] {
  return TOKEN_SCOPES.filter((scope) => scopes.includes(scope));
}

/**
 * Scopes a token of this owner can use: `events:write` and `events:read` reach administrators' routes,
 * so they only mean something for an administrator or a service account (which holds them as a right).
 */
export function usableScopes(owner: { isSuperuser: boolean; type: string }): TTokenScope[] {
  if (owner.isSuperuser || owner.type === "service_account") return [...TOKEN_SCOPES];
  return ["notifications", "admin"];
}

/** The scope refused for this owner, if any, with the reason. */
export function unusableScope(
  scopes: readonly TTokenScope[],
  owner: { isSuperuser: boolean; type: string },
): string | null {
  const usable = usableScopes(owner);
  const refused = scopes.find((scope) => !usable.includes(scope));
  return refused
    ? `The ${refused} scope needs an owner who is an administrator or a service account; this token's owner is neither.`
    : null;
}
