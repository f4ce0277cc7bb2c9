import "server-only";
import { and, eq, ne, sql } from "drizzle-orm";
import type { Db, DbOrTx } from "@/db/client";
import { type TUser, userIdentities, users } from "@/db/schema";
import { SYSTEM_ACTOR } from "@/lib/actor";
import { recordAudit } from "@/lib/events/audit";
import { createEvent, userSnapshot } from "@/lib/events/create-event";
import { isServiceAccount } from "@/lib/users/mutations";
import { userAuditSnapshot, userModelRef } from "@/lib/users/serialize";
import type { THttpRequestContext } from "./sign-in";

/** The claims Herald reads from the IdP (ID token or userinfo). */
export type TOidcClaims = {
  sub: string;
  email?: unknown;
  email_verified?: unknown;
  name?: unknown;
  preferred_username?: unknown;
  groups?: unknown;
};

export type TOidcProvider = { issuer: string; displayName: string; adminGroups: string[] };

export type TOidcRefusal = "email_unverified" | "email_ambiguous" | "service_account" | "inactive";
export type TOidcSignInResult =
  | { ok: true; user: TUser; outcome: "signed_in" | "linked" | "created" }
  | { ok: false; reason: TOidcRefusal };

/**
 * Marks a superuser flag Herald set from the IdP's groups, so a later sign-in without the group
 * takes it back, while an administrator made in Herald itself is never demoted by the IdP.
 */
const ATTRIBUTE_ADMIN_FROM_GROUPS = "herald.oidc/superuser_from_groups";

const USERNAME_PATTERN = /^[\w.@+-]{1,150}$/;

/** authentik records the source of a login as the source model; Herald has one OIDC source per instance. */
export function oidcSourceRef(provider: TOidcProvider) {
  return { app: "herald_auth", model_name: "oidcsource", pk: provider.issuer, name: provider.displayName };
}

const text = (value: unknown) => (typeof value === "string" ? value.trim() : "");
const isVerified = (value: unknown) => value === true || value === "true";

function groupsOf(claims: TOidcClaims): string[] {
  return Array.isArray(claims.groups)
    ? claims.groups.filter((group): group is string => typeof group === "string")
    : [];
}

/** preferred_username, else the email, made unique with -2, -3… (never taking over a local username). */
async function freeUsername(tx: DbOrTx, claims: TOidcClaims): Promise<string> {
  const wanted = [text(claims.preferred_username), text(claims.email)].find((name) => USERNAME_PATTERN.test(name));
  const base = wanted ?? `oidc-${claims.sub.replace(/[^\w.@+-]/g, "").slice(0, 40) || "user"}`;
  for (let attempt = 1; ; attempt++) {
    const candidate = attempt === 1 ? base : `${base.slice(0, 140)}-${attempt}`;
    const [clash] = await tx
      .select({ id: users.id })
      .from(users)
      .where(sql`lower(${users.username}) = lower(${candidate})`);
    if (!clash) return candidate;
  }
}

/** The user of a first sign-in: the one local account with this verified email, or a new one. */
async function linkOrCreate(
  tx: DbOrTx,
  provider: TOidcProvider,
  claims: TOidcClaims,
): Promise<{ user: TUser; outcome: "linked" | "created" } | TOidcRefusal> {
  const email = text(claims.email);
  if (!email || !isVerified(claims.email_verified)) return "email_unverified";
  const matches = await tx
    .select()
    .from(users)
    .where(and(sql`lower(${users.email}) = lower(${email})`, ne(users.email, "")));
  if (matches.length > 1) return "email_ambiguous";
  let user = matches[0];
  let outcome: "linked" | "created" = "linked";
  if (user && isServiceAccount(user)) return "service_account";
  if (!user) {
    [user] = await tx
      .insert(users)
      .values({
        username: await freeUsername(tx, claims),
        name: text(claims.name),
        email,
        passwordHash: null,
        type: "internal",
      })
      .returning();
    outcome = "created";
    await recordAudit(tx, {
      kind: "created",
      actor: { pk: SYSTEM_ACTOR.userId, username: SYSTEM_ACTOR.username, email: "" },
      clientIp: null,
      model: userModelRef(user),
      after: { ...userAuditSnapshot(user), source: oidcSourceRef(provider) },
    });
  }
  await tx
    .insert(userIdentities)
    .values({ issuer: provider.issuer, subject: claims.sub, userId: user.id, email })
    .onConflictDoNothing();
  return { user, outcome };
}

/** HERALD_OIDC_ADMIN_GROUPS → is_superuser, when configured; only flags the IdP itself set are taken back. */
function adminChange(user: TUser, provider: TOidcProvider, claims: TOidcClaims): Partial<TUser> | null {
  if (provider.adminGroups.length === 0) return null;
  const inAdminGroup = groupsOf(claims).some((group) => provider.adminGroups.includes(group));
  const fromGroups = user.attributes[ATTRIBUTE_ADMIN_FROM_GROUPS] === true;
  if (inAdminGroup && !user.isSuperuser) {
    return { isSuperuser: true, attributes: { ...user.attributes, [ATTRIBUTE_ADMIN_FROM_GROUPS]: true } };
  }
  if (!inAdminGroup && user.isSuperuser && fromGroups) {
    const { [ATTRIBUTE_ADMIN_FROM_GROUPS]: _dropped, ...attributes } = user.attributes;
    return { isSuperuser: false, attributes };
  }
  return null;
}

/**
 * Signs in with a verified OpenID Connect identity. Later sign-ins find the user by (issuer,
 * subject); the first one links the local account with the same verified email, or creates one.
 * Records `login` or `login_failed` with the source, as authentik does for its sources.
 */
export async function signInWithOidc(
  db: Db,
  provider: TOidcProvider,
  claims: TOidcClaims,
  request: { clientIp: string | null; httpRequest: THttpRequestContext },
): Promise<TOidcSignInResult> {
  const source = oidcSourceRef(provider);
  const result = await db.transaction(async (tx): Promise<TOidcSignInResult> => {
    const [known] = await tx
      .select({ user: users })
      .from(userIdentities)
      .innerJoin(users, eq(users.id, userIdentities.userId))
      .where(and(eq(userIdentities.issuer, provider.issuer), eq(userIdentities.subject, claims.sub)));
    const found = known
      ? { user: known.user, outcome: "signed_in" as const }
      : await linkOrCreate(tx, provider, claims);
    if (typeof found === "string") return { ok: false, reason: found };
    let { user } = found;
    if (isServiceAccount(user)) return { ok: false, reason: "service_account" };
    if (!user.isActive) return { ok: false, reason: "inactive" };
    const change = adminChange(user, provider, claims);
    const before = user;
    [user] = await tx
      .update(users)
      .set({ ...change, lastLogin: new Date() })
      .where(eq(users.id, user.id))
      .returning();
    if (change) {
      await recordAudit(tx, {
        kind: "updated",
        actor: { pk: SYSTEM_ACTOR.userId, username: SYSTEM_ACTOR.username, email: "" },
        clientIp: null,
        model: userModelRef(user),
        before: userAuditSnapshot(before),
        after: userAuditSnapshot(user),
      });
    }
    await tx
      .update(userIdentities)
      .set({ lastLogin: new Date(), email: text(claims.email) })
      .where(and(eq(userIdentities.issuer, provider.issuer), eq(userIdentities.subject, claims.sub)));
    await createEvent(tx, {
      action: "login",
      app: "herald.auth",
      clientIp: request.clientIp,
      user: userSnapshot(user),
      context: {
        method: "oidc",
        source,
        ...(found.outcome !== "signed_in" && { identity: found.outcome }),
        http_request: request.httpRequest,
      },
    });
    return { ok: true, user, outcome: found.outcome };
  });
  if (!result.ok) {
    await createEvent(db, {
      action: "login_failed",
      app: "herald.auth",
      clientIp: request.clientIp,
      user: {},
      context: {
        method: "oidc",
        source,
        username: text(claims.preferred_username) || text(claims.email),
        email: text(claims.email),
        reason: result.reason,
        http_request: request.httpRequest,
      },
    });
  }
  return result;
}
