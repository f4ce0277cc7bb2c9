import assert from "node:assert/strict";
import { type ChildProcess, spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { after, before, describe, it } from "node:test";
import { count, eq, sql } from "drizzle-orm";
import { openDatabase, type TDbHandle } from "@/db/client";
import { deliveries, notifications, rules, ruleTransports, transports } from "@/db/schema";
import { createEvents } from "@/lib/events/create-event";
import { bind, makeGroup, makeMatcher, makeRule, makeUser } from "@/lib/policies/test-fixtures";
import { startHttpReceiver, type THttpReceiver } from "@/lib/testing/receivers";
import { testBackends } from "@/lib/testing/test-db";
import { waitFor } from "@/lib/testing/wait-for";
import { startDispatch } from "./dispatcher";

/**
 * Events accepted, then the process working the queue is SIGKILLed mid-delivery and restarted:
 * every delivery completes within seconds of the restart (the dead worker's claims are taken back
 * as soon as its lock is gone, not after the claim timeout), and no bell notification is written
 * twice. The worker is the real `scripts/worker.ts` — the same dispatch code the server runs
 * in-process.
 */
const EVENTS = 20;
const MEMBERS = 2;
/** Start-up of the restarted worker included; far below the claim timeout (120 s by default). */
const RECOVERY_LIMIT_SECONDS = 30;

const children: ChildProcess[] = [];

function startWorker(env: Record<string, string>): ChildProcess {
  const child = spawn(
    process.execPath,
    ["--require", "./scripts/server-context.cjs", "--import", "tsx", "scripts/worker.ts"],
    {
      cwd: process.cwd(),
      // Few delivery slots, so the kill lands with deliveries done, in flight and not started yet.
      env: {
        ...process.env,
        HERALD_LOG_LEVEL: "error",
        HERALD_GEOIP_PATH: "off",
        HERALD_DELIVERY_CLAIM_TIMEOUT: "120",
        HERALD_DELIVERY_CONCURRENCY: "4",
        HERALD_WEBHOOK_ALLOW_NETWORKS: "127.0.0.1/32",
        ...env,
      },
      stdio: ["ignore", "ignore", "inherit"],
    },
  );
  children.push(child);
  return child;
}

const exited = (child: ChildProcess) =>
  new Promise<void>((resolve) =>
    child.exitCode !== null || child.signalCode !== null ? resolve() : child.once("exit", () => resolve()),
  );

/** PostgreSQL is shared by both processes; PGlite needs the test to let go of the directory while the worker runs. */
for (const backend of testBackends()) {
  describe(`crash recovery (${backend.name})`, () => {
    let receiver: THttpReceiver;
    let handle: TDbHandle & { dispose?: () => Promise<void> };
    let workerEnv: Record<string, string>;
    let directory: string | undefined;
    let reopen: () => Promise<TDbHandle>;

    before(async () => {
      // Slow enough that the kill lands while deliveries are in flight.
      receiver = await startHttpReceiver(() => ({ status: 200, body: "ok", delayMs: 150 }));
      if (backend.name === "postgres") {
        const opened = await backend.open();
        handle = opened;
        workerEnv = { DATABASE_URL: opened.url as string };
        reopen = async () => handle;
      } else {
        directory = fs.mkdtempSync(path.join(os.tmpdir(), "herald-crash-"));
        // The worker opens $HERALD_DATA_DIR/pglite, as the server does.
        const database = path.join(directory, "pglite");
        handle = await openDatabase({ backend: "pglite", directory: database });
        workerEnv = { HERALD_DATA_DIR: directory, DATABASE_URL: "" };
        reopen = () => openDatabase({ backend: "pglite", directory: database });
      }
    });
    after(async () => {
      for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
      await receiver.close();
      if (handle.dispose) await handle.dispose();
      else if (backend.name === "pglite") await handle.close().catch(() => undefined); // may already be closed
      if (directory) fs.rmSync(directory, { recursive: true, force: true });
    });

    it("a SIGKILLed worker loses nothing, duplicates no bell notification, and its deliveries settle within seconds of the restart", async () => {
      const db = handle.db;
      const group = await makeGroup(db);
      for (let i = 0; i < MEMBERS; i++) await makeUser(db, { groups: [group.uuid] });
      const rule = await makeRule(db);
      await db.update(rules).set({ destinationGroup: group.uuid }).where(eq(rules.pbmUuid, rule.pbmUuid));
      const [hook] = await db
        .insert(transports)
        .values({ name: "crash-hook", mode: "webhook", webhookUrl: receiver.url })
        .returning();
      const [local] = await db.insert(transports).values({ name: "crash-local", mode: "local" }).returning();
      await db.insert(ruleTransports).values([
        { rule: rule.pbmUuid, transport: hook.uuid },
        { rule: rule.pbmUuid, transport: local.uuid },
      ]);
      await bind(db, rule, { policy: (await makeMatcher(db, { matchAction: "custom_crash_test" })).policyUuid });

      // Accept the events with their dispatch jobs (enqueue only, nobody works the queue yet).
      const enqueuer = await startDispatch(handle, { work: false });
      await createEvents(
        db,
        Array.from({ length: EVENTS }, (_, n) => ({ action: "custom_crash_test", app: "crash", context: { n } })),
      );
      await enqueuer.stop();
      const expected = EVENTS * MEMBERS * 2;
      const delivered = async () =>
        Number(
          (
            await (
              await reopenIfNeeded()
            ).db
              .select({ n: count() })
              .from(deliveries)
              .where(eq(deliveries.status, "delivered"))
          )[0].n,
        );

      let current: TDbHandle | null = handle;
      const reopenIfNeeded = async () => (current ??= await reopen());
      const release = async () => {
        if (backend.name === "pglite" && current) {
          await current.close();
          current = null;
        }
      };

      await release();
      const first = startWorker(workerEnv);
      // Watch progress through the receiver (the PGlite directory belongs to the worker now).
      await waitFor(async () => receiver.requests.length >= 5, "the first deliveries", {
        timeoutMs: 60_000,
        intervalMs: 200,
      });
      first.kill("SIGKILL");
      await exited(first);
      assert.ok(receiver.requests.length < expected / 2, "the worker was killed mid-way");

      const restarted = performance.now();
      const second = startWorker(workerEnv);
      const distinctWebhooks = () => new Set(receiver.requests.map((request) => request.body)).size;
      let recovered = Number.NaN;
      if (backend.name === "postgres") {
        await waitFor(async () => (await delivered()) === expected, "every delivery", {
          timeoutMs: 90_000,
          intervalMs: 200,
        });
        recovered = (performance.now() - restarted) / 1000;
      } else {
        // The directory belongs to the worker: wait for every webhook, give the (faster) local deliveries a moment, then look.
        await waitFor(async () => distinctWebhooks() === EVENTS * MEMBERS, "every webhook delivery", {
          timeoutMs: 90_000,
          intervalMs: 200,
        });
        recovered = (performance.now() - restarted) / 1000;
        await new Promise((resolve) => setTimeout(resolve, 3000));
      }
      second.kill("SIGTERM");
      await exited(second);
      console.log(`every delivery settled ${recovered.toFixed(1)} s after the restart (${backend.name})`);
      assert.ok(
        recovered < RECOVERY_LIMIT_SECONDS,
        `settled ${recovered.toFixed(1)} s after the restart, not within ${RECOVERY_LIMIT_SECONDS} s`,
      );

      const check = await reopenIfNeeded();
      const statuses = await check.db
        .select({ status: deliveries.status, n: count() })
        .from(deliveries)
        .groupBy(deliveries.status);
      assert.deepEqual(
        statuses.map((row) => [row.status, Number(row.n)]),
        [["delivered", expected]],
      );
      const [{ n: bell }] = await check.db
        .select({ n: count() })
        .from(notifications)
        .where(sql`${notifications.dedupKey} is not null`);
      assert.equal(Number(bell), EVENTS * MEMBERS, "one bell notification per event and member, none twice");
      // Webhooks are at-least-once: a request in flight at the kill may be repeated, with the same webhook-id.
      assert.equal(distinctWebhooks(), EVENTS * MEMBERS);
      if (backend.name === "pglite") {
        await check.close();
        current = null;
      }
    });
  });
}
