import { randomUUID } from "node:crypto";
import { type SQL, sql } from "drizzle-orm";
import type { AnyPgColumn } from "drizzle-orm/pg-core";
import postgres from "postgres";
import { rowsOf, type TDbHandle } from "@/db/client";
import { logger } from "@/lib/logger";

/**
 * Each process that works the queues has an identity (a uuid) and, for as long as it lives, holds
 * a session-level advisory lock derived from it. Its delivery claims record the identity, so a
 * claim whose lock is gone belongs to a process that died (crash, SIGKILL, OOM kill): PostgreSQL
 * drops a session's locks the moment its connection ends, and the reclaim job takes such claims
 * back within seconds. The claim timeout stays as the last resort for what the lock cannot tell
 * (a process alive but stuck, or a claim made while it held no lock).
 *
 * Preferred to heartbeats in a workers table: nothing is written while all is well, and there is no
 * TTL to weigh against garbage-collection pauses and slow sends — a live process is never taken for
 * dead however long it stalls, and a dead one is seen at once instead of after the TTL. The price is
 * one connection per worker process, made directly to PostgreSQL (a transaction-mode pooler would
 * not keep a session's lock). Its TCP keepalives are short, so a host that vanishes without closing
 * its connections (power loss, partition) releases its lock in about 25 s too.
 *
 * On PGlite the single connection is the session: the lock lasts as long as the process, and after
 * a restart no earlier identity holds one, so every claim left from before is taken back at start.
 */

/** First key of the two-key advisory locks (the second is derived from the identity); no other lock uses it. */
export const WORKER_LOCK_NAMESPACE = 7_261_003;
/** After a collision of derived keys (about one in four billion per pair of live workers), a new identity. */
const MAX_TRIES = 5;

export type TWorkerIdentity = {
  /** The identity while this process holds its lock; null while it does not (a claim then names no worker). */
  current(): string | null;
  /** Lets go of the lock (and its connection). */
  release(): Promise<void>;
};

type TIdentityState = { heraldWorkerIdentity?: TWorkerIdentity };
const store = globalThis as unknown as TIdentityState;

/** This process's worker identity for a claim, or null when it works no queue or holds no lock right now. */
export function currentWorkerId(): string | null {
  return store.heraldWorkerIdentity?.current() ?? null;
}

/** Takes a worker identity for this process (PostgreSQL: on a connection of its own), until release(). */
export async function holdWorkerIdentity(handle: TDbHandle): Promise<TWorkerIdentity> {
  const identity = handle.backend === "postgres" ? await holdOnOwnConnection(handle) : await holdOnSession(handle);
  store.heraldWorkerIdentity = identity;
  let released: Promise<void> | null = null;
  return {
    current: identity.current,
    release() {
      if (store.heraldWorkerIdentity === identity) store.heraldWorkerIdentity = undefined;
      released ??= identity.release();
      return released;
    },
  };
}

/**
 * True where the claim's worker no longer holds its lock. `pg_locks` lists the advisory locks held
 * in every session of the server, so this sees other processes' workers too; a claim naming no
 * worker is never "gone" (only the claim timeout frees it).
 */
export function claimerIsGone(claimedBy: AnyPgColumn): SQL {
  return sql`(${claimedBy} is not null and hashtext(${claimedBy}::text)::oid not in (
    select objid from pg_locks
     where locktype = 'advisory' and granted and objsubid = 2 and classid = ${WORKER_LOCK_NAMESPACE}::oid
       and database = (select oid from pg_database where datname = current_database())))`;
}

/** Locks a new identity with `tryLock` (true when taken), trying a few in the unlikely case of a taken key. */
async function takeLock(tryLock: (id: string) => Promise<boolean>): Promise<string> {
  for (let tries = 0; tries < MAX_TRIES; tries++) {
    const id = randomUUID();
    if (await tryLock(id)) return id;
  }
  throw new Error("No free worker lock after several identities; another process holds every one tried.");
}

/** PGlite: the process's only session holds the lock. */
async function holdOnSession(handle: TDbHandle): Promise<TWorkerIdentity> {
  const id = await takeLock(
    async (candidate) =>
      rowsOf<{ locked: boolean }>(
        await handle.db.execute(
          sql`select pg_try_advisory_lock(${WORKER_LOCK_NAMESPACE}::int, hashtext(${candidate}::text)) as locked`,
        ),
      )[0]?.locked === true,
  );
  return {
    current: () => id,
    async release() {
      await handle.db.execute(sql`select pg_advisory_unlock(${WORKER_LOCK_NAMESPACE}::int, hashtext(${id}::text))`);
    },
  };
}

/**
 * PostgreSQL: a connection that lives as long as the process (no idle or lifetime limit). Should it
 * drop anyway (network, server restart), the lock went with it: claims stop naming a worker until a
 * new identity is locked on the reconnected session.
 */
async function holdOnOwnConnection(handle: TDbHandle): Promise<TWorkerIdentity> {
  if (!handle.url) throw new Error("The PostgreSQL database handle has no connection string.");
  let held: string | null = null;
  let stopping = false;
  let retaking: Promise<void> | null = null;
  const client = postgres(handle.url, {
    max: 1,
    idle_timeout: 0,
    max_lifetime: null,
    // Short, so stopping while the server is unreachable does not wait out the default 30 s.
    connect_timeout: 5,
    onnotice: () => {},
    connection: {
      application_name: "herald-worker",
      // Server side: a peer that vanished without closing the socket is noticed after 10 + 3 × 5 s.
      tcp_keepalives_idle: 10,
      tcp_keepalives_interval: 5,
      tcp_keepalives_count: 3,
    },
    onclose: () => {
      if (stopping) return;
      if (held) logger.warn({ worker: held }, "worker lock connection closed; taking a new identity");
      held = null;
      retaking ??= retake().finally(() => {
        retaking = null;
      });
    },
  });
  const tryLock = async (candidate: string) => {
    const [row] = await client<{ locked: boolean }[]>`
      select pg_try_advisory_lock(${WORKER_LOCK_NAMESPACE}::int, hashtext(${candidate}::text)) as locked`;
    return row?.locked === true;
  };
  const retake = async () => {
    while (!stopping && !held) {
      try {
        held = await takeLock(tryLock);
        logger.info({ worker: held }, "worker lock taken again");
      } catch (error) {
        logger.warn({ err: error }, "worker lock not taken yet; trying again");
        await new Promise((resolve) => setTimeout(resolve, 1000));
      }
    }
  };
  try {
    held = await takeLock(tryLock);
  } catch (error) {
    stopping = true;
    await client.end({ timeout: 5 });
    throw error;
  }
  return {
    current: () => held,
    async release() {
      stopping = true;
      held = null;
      await retaking;
      await client.end({ timeout: 5 });
    },
  };
}
