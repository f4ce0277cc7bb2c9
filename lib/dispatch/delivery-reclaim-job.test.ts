import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { after, afterEach, before, beforeEach, describe, it } from "node:test";
import { eq, sql } from "drizzle-orm";
import postgres from "postgres";
import { rowsOf, type TDbHandle } from "@/db/client";
import { deliveries, deliveryAttempts, transports } from "@/db/schema";
import { resetEnvCache } from "@/lib/env";
import { makeEvent, makeGroup, makeNotifyingRule, makeUser } from "@/lib/policies/test-fixtures";
import { startHttpReceiver, type THttpReceiver } from "@/lib/testing/receivers";
import { testBackends } from "@/lib/testing/test-db";
import { waitFor } from "@/lib/testing/wait-for";
import { generateSigningSecret } from "@/lib/transports/signing";
import { claimDeliveries } from "./deliver";
import type { TDeliveryRef } from "./deliver-job";
import { INTERRUPTED_ATTEMPT, reclaimDeadWorkersDeliveries } from "./delivery-reclaim-job";
import { startDispatch } from "./dispatcher";
import { holdWorkerIdentity, type TWorkerIdentity, WORKER_LOCK_NAMESPACE } from "./worker-identity";

/**
 * Another worker process, as far as the lock table can tell: on PostgreSQL a second connection that
 * holds the identity's lock until it closes (what a SIGKILL does to a worker's connection); on
 * PGlite, whose one session is the process, the lock taken and released on that session.
 */
async function otherWorker(handle: TDbHandle): Promise<{ id: string; die(): Promise<void> }> {
  const id = randomUUID();
  const lock = sql`select pg_advisory_lock(${WORKER_LOCK_NAMESPACE}::int, hashtext(${id}::text))`;
  if (handle.backend === "postgres") {
    const connection = postgres(handle.url as string, { max: 1, onnotice: () => {} });
    await connection`select pg_advisory_lock(${WORKER_LOCK_NAMESPACE}::int, hashtext(${id}::text))`;
    return { id, die: () => connection.end({ timeout: 1 }) };
  }
  await handle.db.execute(lock);
  return {
    id,
    die: async () => {
      await handle.db.execute(sql`select pg_advisory_unlock(${WORKER_LOCK_NAMESPACE}::int, hashtext(${id}::text))`);
    },
  };
}

async function lockGone(handle: TDbHandle, id: string): Promise<boolean> {
  const [row] = rowsOf<{ gone: boolean }>(
    await handle.db.execute(
      sql`select not exists (select 1 from pg_locks where locktype = 'advisory' and objsubid = 2
            and classid = ${WORKER_LOCK_NAMESPACE}::oid and objid = hashtext(${id}::text)::oid) as gone`,
    ),
  );
  return row.gone;
}

function recordingQueue() {
  const enqueued: TDeliveryRef[] = [];
  const completed: string[] = [];
  return {
    enqueued,
    completed,
    async enqueueDeliveries(_db: unknown, rows: TDeliveryRef[]) {
      enqueued.push(...rows.map(({ uuid, transport }) => ({ uuid, transport })));
    },
    async completeJobs(_db: unknown, jobIds: string[]) {
      completed.push(...jobIds);
    },
  };
}

for (const backend of testBackends()) {
  describe(`reclaiming a dead worker's deliveries (${backend.name})`, () => {
    let handle: Awaited<ReturnType<typeof backend.open>>;
    let identity: TWorkerIdentity;
    let counter = 0;

    before(async () => {
      handle = await backend.open();
    });
    after(() => handle.dispose());
    beforeEach(async () => {
      identity = await holdWorkerIdentity(handle);
    });
    afterEach(async () => {
      // Each test starts with no claims: this identity's would look abandoned once it is released.
      await handle.db.delete(deliveries);
      await identity.release();
    });

    const insertDelivery = async (values: Partial<typeof deliveries.$inferInsert> = {}) => {
      const [row] = await handle.db
        .insert(deliveries)
        .values({ maxAttempts: 3, webhookId: `msg_${++counter}`, dedupKey: `reclaim-${counter}`, ...values })
        .returning();
      return row;
    };
    const deliveryRow = async (uuid: string) =>
      (await handle.db.select().from(deliveries).where(eq(deliveries.uuid, uuid)))[0];

    it("a claim records this worker and its job; while the worker holds its lock the claim is never taken", async () => {
      const pending = await insertDelivery();
      const job = randomUUID();
      const [claimed] = await claimDeliveries(handle.db, [pending.uuid], new Map([[pending.uuid, job]]));
      assert.equal(claimed.delivery.claimedBy, identity.current());
      assert.equal(claimed.delivery.claimedJob, job);
      const queue = recordingQueue();
      assert.equal(await reclaimDeadWorkersDeliveries(handle.db, queue), 0);
      assert.equal((await deliveryRow(pending.uuid)).status, "sending");
      assert.deepEqual(queue.enqueued, []);
    });

    it("a claim by a worker whose lock is gone is taken back at once: ledger row, queued again, its job completed", async () => {
      const mine = await insertDelivery();
      await claimDeliveries(handle.db, [mine.uuid]);
      const other = await otherWorker(handle);
      const job = randomUUID();
      const stranded = await insertDelivery({
        status: "sending",
        attempts: 1,
        claimedBy: other.id,
        claimedJob: job,
        transport: null,
      });
      // A claim naming no worker (made before this mechanism, or while its worker held no lock): timeout only.
      const unnamed = await insertDelivery({ status: "sending", attempts: 1 });
      const queue = recordingQueue();
      assert.equal(await reclaimDeadWorkersDeliveries(handle.db, queue), 0, "both workers alive");

      await other.die();
      const started = performance.now();
      await waitFor(async () => (await reclaimDeadWorkersDeliveries(handle.db, queue)) > 0, "the reclaim", {
        timeoutMs: 5_000,
        intervalMs: 50,
      });
      const seconds = (performance.now() - started) / 1000;
      assert.ok(seconds < 5, `taken back ${seconds.toFixed(2)} s after the worker's connection closed`);

      const taken = await deliveryRow(stranded.uuid);
      assert.equal(taken.status, "retrying");
      assert.equal(taken.claimedBy, null);
      assert.equal(taken.claimedJob, null);
      assert.equal(taken.lastError, INTERRUPTED_ATTEMPT);
      assert.equal(taken.attempts, 1, "the interrupted attempt counts");
      const ledger = await handle.db
        .select()
        .from(deliveryAttempts)
        .where(eq(deliveryAttempts.delivery, stranded.uuid));
      assert.deepEqual(
        ledger.map((row) => [row.attempt, row.ok, row.error]),
        [[1, false, INTERRUPTED_ATTEMPT]],
      );
      assert.deepEqual(queue.enqueued, [{ uuid: stranded.uuid, transport: null }]);
      assert.deepEqual(queue.completed, [job]);
      assert.equal((await deliveryRow(mine.uuid)).status, "sending", "the live worker's claim stays");
      assert.equal((await deliveryRow(unnamed.uuid)).status, "sending", "a claim naming no worker stays");
      assert.equal(await reclaimDeadWorkersDeliveries(handle.db, queue), 0, "taken once");

      // This process's own claims go the same way once it lets go of its lock (as at its death).
      await identity.release();
      assert.equal(await reclaimDeadWorkersDeliveries(handle.db, queue), 1);
      assert.equal((await deliveryRow(mine.uuid)).status, "retrying");
    });

    it("two reclaims at once take each delivery once", async () => {
      const other = await otherWorker(handle);
      for (let i = 0; i < 20; i++) await insertDelivery({ status: "sending", attempts: 1, claimedBy: other.id });
      await other.die();
      const queue = recordingQueue();
      await waitFor(() => lockGone(handle, other.id), "the other worker's lock to go", {
        timeoutMs: 5_000,
        intervalMs: 50,
      });
      const counts = await Promise.all([
        reclaimDeadWorkersDeliveries(handle.db, queue),
        reclaimDeadWorkersDeliveries(handle.db, queue),
      ]);
      assert.equal(counts[0] + counts[1], 20);
      assert.equal(new Set(queue.enqueued.map((row) => row.uuid)).size, 20);
      assert.equal(queue.enqueued.length, 20);
    });
  });

  describe(`a running dispatcher takes back a dead worker's delivery within seconds (${backend.name})`, () => {
    let handle: Awaited<ReturnType<typeof backend.open>>;
    let receiver: THttpReceiver;

    before(async () => {
      process.env.HERALD_WEBHOOK_ALLOW_NETWORKS = "127.0.0.1/32";
      process.env.HERALD_DELIVERY_RECLAIM_INTERVAL = "1";
      resetEnvCache();
      handle = await backend.open();
      receiver = await startHttpReceiver();
    });
    after(async () => {
      await receiver.close();
      await handle.dispose();
      delete process.env.HERALD_WEBHOOK_ALLOW_NETWORKS;
      delete process.env.HERALD_DELIVERY_RECLAIM_INTERVAL;
      resetEnvCache();
    });

    it("a webhook delivery left 'sending' by a worker that died is sent again with its webhook-id, long before the claim timeout", async () => {
      const dispatcher = await startDispatch(handle);
      try {
        const [hook] = await handle.db
          .insert(transports)
          .values({
            name: "reclaim-hook",
            mode: "webhook",
            webhookUrl: receiver.url,
            signingSecret: generateSigningSecret(),
          })
          .returning();
        const group = await makeGroup(handle.db);
        await makeUser(handle.db, { groups: [group.uuid] });
        await makeNotifyingRule(handle.db, "custom_reclaim_test", {
          destinationGroup: group.uuid,
          transports: [hook.uuid],
        });
        const event = await makeEvent(handle.db, { action: "custom_reclaim_test" });
        const delivered = async () =>
          (await handle.db.select().from(deliveries).where(eq(deliveries.event, event.eventUuid)))[0];
        const first = await waitFor(async () => {
          const row = await delivered();
          return row?.status === "delivered" && row;
        }, "the first delivery");
        // As a worker leaves it when SIGKILLed between the send and its record.
        const other = await otherWorker(handle);
        await handle.db
          .update(deliveries)
          .set({ status: "sending", claimedBy: other.id, completedAt: null })
          .where(eq(deliveries.uuid, first.uuid));
        await other.die();
        const started = performance.now();
        await waitFor(async () => (await delivered()).status === "delivered", "the reclaimed delivery", {
          timeoutMs: 10_000,
          intervalMs: 50,
        });
        const seconds = (performance.now() - started) / 1000;
        console.log(`reclaimed and delivered ${seconds.toFixed(2)} s after the worker's lock went (${backend.name})`);
        assert.ok(seconds < 5);
        const again = await delivered();
        assert.equal(again.attempts, 2);
        assert.equal(receiver.requests.length, 2);
        assert.deepEqual(
          receiver.requests.map((request) => request.headers["webhook-id"]),
          [first.webhookId, first.webhookId],
        );
      } finally {
        await dispatcher.stop();
      }
    });
  });
}
