import type postgres from "postgres";
import { env } from "@/lib/env";

/**
 * How long Herald waits on PostgreSQL, so that an outage makes requests fail within seconds
 * (answered 503) instead of hanging until the server is back.
 */
export type TPostgresTimeouts = {
  /** TCP connect + startup of one connection (postgres.js `connect_timeout`). */
  connectSeconds: number;
  /** How long a query or transaction may wait for a pool connection before it gives up. */
  acquireSeconds: number;
  /** PostgreSQL's statement_timeout on every connection; 0 = none. */
  statementSeconds: number;
};

export function postgresTimeouts(): TPostgresTimeouts {
  const config = env();
  return {
    connectSeconds: config.HERALD_DB_CONNECT_TIMEOUT,
    acquireSeconds: config.HERALD_DB_ACQUIRE_TIMEOUT,
    statementSeconds: config.HERALD_DB_STATEMENT_TIMEOUT,
  };
}

/**
 * postgres.js options for every pool Herald opens on PostgreSQL. The driver's defaults suit a
 * database that never goes away: a 30 s connect timeout (a socket that never got its startup
 * packet holds PostgreSQL's own shutdown that long), and a reconnect backoff that grows to 20 s, so
 * recovery lags far behind a restarted server.
 */
export function postgresClientOptions(timeouts: TPostgresTimeouts = postgresTimeouts()) {
  return {
    onnotice: () => {},
    connect_timeout: timeouts.connectSeconds,
    // Seconds before the next attempt after a failed one: 0.1, 0.2, 0.4, … at most 1.
    backoff: (attempt: number) => Math.min(0.05 * 2 ** attempt, 1),
    // Idle connections are closed, so after a server restart few stale sockets remain to discover.
    idle_timeout: 60,
    // TCP keepalive (seconds): a peer that vanished without closing the socket is noticed.
    keep_alive: 30,
    connection:
      timeouts.statementSeconds > 0 ? { statement_timeout: Math.round(timeouts.statementSeconds * 1000) } : {},
  } satisfies postgres.Options<Record<string, postgres.PostgresType>>;
}

/** The error a query rejects with when it got no connection, or no answer, in time; lib/errors.ts maps it to 503. */
export class DatabaseWaitError extends Error {
  readonly code: "DB_ACQUIRE_TIMEOUT" | "DB_QUERY_DEADLINE";

  constructor(code: DatabaseWaitError["code"], message: string) {
    super(message);
    this.name = "DatabaseWaitError";
    this.code = code;
  }
}

type TQuery = postgres.PendingQuery<postgres.Row[]>;

/**
 * postgres.js queues a query for as long as no connection is open, i.e. for the whole outage.
 * The client drizzle is given bounds that wait: a query not yet sent to a connection after
 * `acquireSeconds` rejects (it stays queued in the driver and may still run once the server is
 * back; a transaction that starts that late rolls back before running anything), and one with no
 * answer long after the server's own statement_timeout is abandoned.
 */
export function boundedClient(sql: postgres.Sql, timeouts: TPostgresTimeouts): postgres.Sql {
  const acquireMs = timeouts.acquireSeconds * 1000;
  const deadlineMs = timeouts.statementSeconds > 0 ? acquireMs + (timeouts.statementSeconds + 5) * 1000 : 0;
  return new Proxy(sql, {
    get(target, property, receiver) {
      if (property === "unsafe") {
        return (...args: Parameters<postgres.Sql["unsafe"]>) =>
          boundedQuery(target.unsafe(...args) as TQuery, acquireMs, deadlineMs);
      }
      if (property === "begin") return (...args: unknown[]) => boundedTransaction(target, args, acquireMs);
      return Reflect.get(target, property, receiver);
    },
  });
}

/** postgres.js sets a query's `state` when it hands it to a connection (still null while queued). */
function isSent(query: TQuery): boolean {
  const { state } = query as unknown as { state?: unknown };
  return !("state" in query) || state !== null;
}

function boundedQuery(query: TQuery, acquireMs: number, deadlineMs: number) {
  let result: Promise<unknown> | undefined;
  // postgres.js queries start when first awaited; so does this wrapper.
  const run = () =>
    (result ??= new Promise((resolve, reject) => {
      const acquireTimer = setTimeout(() => {
        if (!isSent(query)) {
          reject(new DatabaseWaitError("DB_ACQUIRE_TIMEOUT", `no database connection within ${acquireMs / 1000} s`));
        }
      }, acquireMs);
      const deadlineTimer =
        deadlineMs > 0
          ? setTimeout(() => {
              reject(
                new DatabaseWaitError("DB_QUERY_DEADLINE", `no answer from the database within ${deadlineMs / 1000} s`),
              );
            }, deadlineMs)
          : undefined;
      query.then(resolve, reject).finally(() => {
        clearTimeout(acquireTimer);
        clearTimeout(deadlineTimer);
      });
    }));
  // The subset of PendingQuery that drizzle's postgres-js session uses.
  const bounded = {
    values() {
      query.values();
      return bounded;
    },
    raw() {
      query.raw();
      return bounded;
    },
    cancel: () => query.cancel(),
    // biome-ignore lint/suspicious/noThenProperty: this object stands in for a promise on purpose.
    then: (onFulfilled?: (value: unknown) => unknown, onRejected?: (reason: unknown) => unknown) =>
      run().then(onFulfilled, onRejected),
    catch: (onRejected?: (reason: unknown) => unknown) => run().catch(onRejected),
    finally: (onFinally?: () => void) => run().finally(onFinally),
  };
  return bounded;
}

function boundedTransaction(target: postgres.Sql, args: unknown[], acquireMs: number): Promise<unknown> {
  const work = args.pop() as (tx: postgres.TransactionSql) => unknown;
  let phase: "waiting" | "running" | "abandoned" = "waiting";
  const late = () => new DatabaseWaitError("DB_ACQUIRE_TIMEOUT", `no database connection within ${acquireMs / 1000} s`);
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      if (phase !== "waiting") return;
      phase = "abandoned";
      reject(late());
    }, acquireMs);
    const begin = target.begin as (...beginArgs: unknown[]) => Promise<unknown>;
    begin
      .call(target, ...args, (tx: postgres.TransactionSql) => {
        clearTimeout(timer);
        // The caller has been answered already: roll back instead of doing the work now.
        if (phase === "abandoned") throw late();
        phase = "running";
        return work(tx);
      })
      .then(resolve, reject);
  });
}
