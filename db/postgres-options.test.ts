import assert from "node:assert/strict";
import net from "node:net";
import { after, before, describe, it } from "node:test";
import postgres from "postgres";
import { isDatabaseUnavailable } from "@/lib/errors";
import { boundedClient, postgresClientOptions, type TPostgresTimeouts } from "./postgres-options";

const TIMEOUTS: TPostgresTimeouts = { connectSeconds: 10, acquireSeconds: 0.3, statementSeconds: 15 };

/** A server that accepts TCP connections and never answers: a PostgreSQL that hangs during startup. */
async function silentServer(): Promise<{ port: number; close(): Promise<void> }> {
  const sockets = new Set<net.Socket>();
  const server = net.createServer((socket) => {
    sockets.add(socket);
    socket.on("error", () => {});
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    port: (server.address() as net.AddressInfo).port,
    close: () =>
      new Promise((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

async function closedPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

describe("postgresClientOptions", () => {
  it("sets a connect timeout, a capped reconnect backoff and the statement timeout", () => {
    const options = postgresClientOptions(TIMEOUTS);
    assert.equal(options.connect_timeout, 10);
    assert.deepEqual(options.connection, { statement_timeout: 15_000 });
    assert.ok(options.backoff(1) <= 1 && options.backoff(30) === 1, "at most 1 s between attempts");
    assert.deepEqual(postgresClientOptions({ ...TIMEOUTS, statementSeconds: 0 }).connection, {});
  });
});

describe("boundedClient", () => {
  let silent: Awaited<ReturnType<typeof silentServer>>;
  let sql: postgres.Sql;
  before(async () => {
    silent = await silentServer();
    sql = postgres(`postgres://nobody@127.0.0.1:${silent.port}/none`, { ...postgresClientOptions(TIMEOUTS), max: 2 });
  });
  after(async () => {
    await sql.end({ timeout: 0 });
    await silent.close();
  });

  it("rejects a query that gets no connection within the acquire timeout, as database unavailable", async () => {
    const started = performance.now();
    const error = await boundedClient(sql, TIMEOUTS)
      .unsafe("select 1")
      .values()
      .then(
        () => assert.fail("the query cannot succeed"),
        (caught: unknown) => caught,
      );
    const elapsed = performance.now() - started;
    assert.equal((error as { code?: string }).code, "DB_ACQUIRE_TIMEOUT");
    assert.ok(isDatabaseUnavailable(error));
    assert.ok(elapsed >= 250 && elapsed < 2000, `rejected after ${Math.round(elapsed)} ms`);
  });

  it("rejects a transaction that gets no connection in time, and never runs its work", async () => {
    let ran = false;
    const error = await boundedClient(sql, TIMEOUTS)
      .begin(async () => {
        ran = true;
      })
      .catch((caught: unknown) => caught);
    assert.equal((error as { code?: string }).code, "DB_ACQUIRE_TIMEOUT");
    assert.equal(ran, false);
  });
});

describe("postgresClientOptions on a closed port", () => {
  it("fails at once with an error classified as database unavailable", async () => {
    const sql = postgres(`postgres://nobody@127.0.0.1:${await closedPort()}/none`, {
      ...postgresClientOptions(TIMEOUTS),
      max: 1,
    });
    try {
      const started = performance.now();
      const error = await boundedClient(sql, TIMEOUTS)
        .unsafe("select 1")
        .catch((caught: unknown) => caught);
      assert.equal((error as { code?: string }).code, "ECONNREFUSED");
      assert.ok(isDatabaseUnavailable(error));
      assert.ok(performance.now() - started < 1000);
    } finally {
      await sql.end({ timeout: 0 });
    }
  });
});

const url = process.env.DATABASE_URL;
if (url) {
  describe("boundedClient (PostgreSQL)", () => {
    let sql: postgres.Sql;
    before(() => {
      sql = postgres(url, { ...postgresClientOptions(TIMEOUTS), max: 1 });
    });
    after(() => sql.end({ timeout: 5 }));

    it("sets statement_timeout on every connection", async () => {
      const [row] = await sql<{ statement_timeout: string }[]>`show statement_timeout`;
      assert.equal(row.statement_timeout, "15s");
    });

    it("lets a query that has its connection run past the acquire timeout", async () => {
      const rows = await boundedClient(sql, TIMEOUTS).unsafe("select pg_sleep(0.6), 1 as one");
      assert.equal(rows[0].one, 1);
    });

    it("a transaction whose connection comes after the caller gave up rolls back without running", async () => {
      const busy = sql`select pg_sleep(0.8)`.execute(); // takes the only connection
      let ran = false;
      const error = await boundedClient(sql, TIMEOUTS)
        .begin(async () => {
          ran = true;
        })
        .catch((caught: unknown) => caught);
      assert.equal((error as { code?: string }).code, "DB_ACQUIRE_TIMEOUT");
      await busy;
      const [{ one }] = await sql<{ one: number }[]>`select 1 as one`; // the queued transaction has had its turn
      assert.equal(one, 1);
      assert.equal(ran, false);
    });
  });
}
