import { and, eq, sql } from "drizzle-orm";
import { type DbOrTx, rowsOf } from "@/db/client";
import { type TEventUser, type TUser, users } from "@/db/schema";
import { withGroupAncestry } from "@/lib/users/queries";

/**
 * The Herald user an event is about, for static bindings and `request.user`. Resolved from
 * `event.user.pk` only when that user exists and is active: an anonymous or deleted user is null
 * and never matches a group/user binding (authentik would evaluate as its anonymous account).
 */
export type TResolvedUser = {
  user: TUser;
  /** Direct groups plus all their ancestors: a member of a child group is in the parent too. */
  groupUuids: Set<string>;
  groupNames: string[];
  isSuperuser: boolean;
};

/** What expressions see as `request.user`. */
export type TPolicyUser = {
  pk: number;
  username: string;
  email: string;
  name: string;
  is_active: boolean;
  is_superuser: boolean;
  groups: string[];
};

export function eventUserPk(user: TEventUser | null | undefined): number | null {
  const raw = user?.pk;
  const pk = typeof raw === "number" ? raw : typeof raw === "string" && /^\d+$/.test(raw) ? Number(raw) : NaN;
  return Number.isSafeInteger(pk) && pk > 0 && pk <= 2_147_483_647 ? pk : null;
}

/** `includeInactive` is for the policy Test endpoint, where an admin may test any account. */
export async function resolveUserById(db: DbOrTx, id: number, includeInactive = false): Promise<TResolvedUser | null> {
  const [user] = await db
    .select()
    .from(users)
    .where(and(eq(users.id, id), includeInactive ? undefined : eq(users.isActive, true)));
  if (!user) return null;
  const rows = rowsOf<{ uuid: string; name: string; is_superuser: boolean }>(
    await db.execute(sql`${withGroupAncestry(sql`${id}`)} select uuid, name, is_superuser from ancestry`),
  );
  return {
    user,
    groupUuids: new Set(rows.map((row) => row.uuid)),
    groupNames: [...new Set(rows.map((row) => row.name))].sort(),
    isSuperuser: user.isSuperuser || rows.some((row) => row.is_superuser),
  };
}

export async function resolveEventUser(
  db: DbOrTx,
  eventUser: TEventUser | null | undefined,
): Promise<TResolvedUser | null> {
  const pk = eventUserPk(eventUser);
  return pk === null ? null : resolveUserById(db, pk);
}

export function policyUserOf(resolved: TResolvedUser | null): TPolicyUser | null {
  if (!resolved) return null;
  const { user } = resolved;
  return {
    pk: user.id,
    username: user.username,
    email: user.email,
    name: user.name,
    is_active: user.isActive,
    is_superuser: resolved.isSuperuser,
    groups: resolved.groupNames,
  };
}
