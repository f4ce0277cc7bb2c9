import "server-only";
import { eq, lt, sql } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { revokedSessions, type TUser, users } from "@/db/schema";

/**
 * What a session cookie says about itself. Sessions are signed cookies (JWT), so the server keeps
 * no list of them; these claims are checked against the database on every request instead.
 */
export type TSessionClaims = {
  userId: number;
  /** Chosen at sign-in and kept when the cookie is refreshed; names the session for sign-out. */
  sessionId: string;
  /** The user's `session_epoch` at sign-in; a higher one in the database has ended the session. */
  epoch: number;
};

/**
 * The user behind a session, or null when the session has ended: signed out, the user's epoch
 * raised (password changed, deactivated, "sign out everywhere"), the account inactive or gone.
 * One statement, by primary keys, so every request can afford it and no cache can lag behind a
 * sign-out on another instance.
 */
export async function findSessionUser(db: DbOrTx, claims: TSessionClaims): Promise<TUser | null> {
  const [row] = await db
    .select({
      user: users,
      revoked: sql<boolean>`exists (select 1 from ${revokedSessions} where ${revokedSessions.jti} = ${claims.sessionId})`,
    })
    .from(users)
    .where(eq(users.id, claims.userId));
  if (!row || row.revoked || !row.user.isActive || row.user.sessionEpoch !== claims.epoch) return null;
  return row.user;
}

/**
 * Ends one session (sign-out). It is remembered until the latest moment any copy of its cookie
 * could still be valid, a full session lifetime from now (cookies are refreshed, each time for the
 * whole lifetime); entries past that are dropped here.
 */
export async function revokeSession(
  db: DbOrTx,
  session: { sessionId: string; userId: number; maxAgeSeconds: number },
): Promise<void> {
  // Selected from users, so a session of a deleted account (already over) adds nothing.
  await db
    .insert(revokedSessions)
    .select(
      db
        .select({
          jti: sql`${session.sessionId}::text`.as("jti"),
          userId: users.id,
          expiresAt: sql`now() + (${session.maxAgeSeconds}::int * interval '1 second')`.as("expires_at"),
        })
        .from(users)
        .where(eq(users.id, session.userId)),
    )
    .onConflictDoNothing();
  await db.delete(revokedSessions).where(lt(revokedSessions.expiresAt, sql`now()`));
}

/** Ends every session of the user at once; the single-session entries are then moot. */
export async function endAllSessions(db: DbOrTx, userId: number): Promise<void> {
  await db
    .update(users)
    .set({ sessionEpoch: sql`${users.sessionEpoch} + 1` })
    .where(eq(users.id, userId));
  await db.delete(revokedSessions).where(eq(revokedSessions.userId, userId));
}
