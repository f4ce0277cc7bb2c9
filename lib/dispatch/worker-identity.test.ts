import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { sql } from "drizzle-orm";
import { rowsOf } from "@/db/client";
import { testBackends } from "@/lib/testing/test-db";
import { waitFor } from "@/lib/testing/wait-for";
import { currentWorkerId, holdWorkerIdentity, WORKER_LOCK_NAMESPACE } from "./worker-identity";

for (const backend of testBackends()) {
  describe(`worker identity (${backend.name})`, () => {
    let handle: Awaited<ReturnType<typeof backend.open>>;
    before(async () => {
      handle = await backend.open();
    });
    after(() => handle.dispose());

    const holders = async () =>
      rowsOf<{ objid: number }>(
        await handle.db.execute(
          sql`select objid from pg_locks where locktype = 'advisory' and objsubid = 2 and classid = ${WORKER_LOCK_NAMESPACE}::oid
                and database = (select oid from pg_database where datname = current_database())`,
        ),
      ).length;

    it("holds one lock while held, names the process's claims, and lets go on release", async () => {
      const identity = await holdWorkerIdentity(handle);
      assert.match(identity.current() ?? "", /^[0-9a-f-]{36}$/);
      assert.equal(currentWorkerId(), identity.current());
      assert.equal(await holders(), 1);
      await identity.release();
      assert.equal(currentWorkerId(), null);
      await waitFor(async () => (await holders()) === 0, "the lock to go");
    });

    if (backend.name === "postgres") {
      it("when its connection is cut, a new identity is locked on the reconnected session", async () => {
        const identity = await holdWorkerIdentity(handle);
        const first = identity.current();
        try {
          await handle.db.execute(
            sql`select pg_terminate_backend(pid) from pg_stat_activity
                 where application_name = 'herald-worker' and datname = current_database()`,
          );
          const next = await waitFor(
            () => {
              const id = identity.current();
              return id !== first && id;
            },
            "a new identity",
            { timeoutMs: 10_000, intervalMs: 20 },
          );
          assert.notEqual(next, first);
          assert.equal(await holders(), 1, "the new identity's lock only");
        } finally {
          await identity.release();
        }
      });
    }
  });
}
