import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { notifications } from "@/db/schema";
import { decodeCursor } from "@/lib/api/cursor";
import { adminActor } from "@/lib/testing/actors";
import { testBackends } from "@/lib/testing/test-db";
import { createUser } from "@/lib/users/mutations";
import { publishNotification } from "./bus";
import { bulkChange, clearAll, clearSeen, markAllSeen } from "./mutations";
import { listNotifications, unseenCount } from "./queries";
import { notificationStream } from "./stream";
import { ZNotificationBulk, ZNotificationListQuery } from "./validation";

type TMessage = { id: string; event: string; data: unknown };

/** Reads server-sent events from a stream until `until` says enough. */
async function readMessages(stream: ReadableStream<Uint8Array>, until: (messages: TMessage[]) => boolean) {
  const reader = stream.getReader();
  const decoder = new TextDecoder();
  const messages: TMessage[] = [];
  let buffer = "";
  while (!until(messages)) {
    const { value, done } = await reader.read();
    if (done) break;
    buffer += decoder.decode(value, { stream: true });
    let end = buffer.indexOf("\n\n");
    while (end >= 0) {
      const block = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      const field = (name: string) =>
        block
          .split("\n")
          .find((line) => line.startsWith(`${name}: `))
          ?.slice(name.length + 2);
      const event = field("event");
      if (event) messages.push({ id: field("id") ?? "", event, data: JSON.parse(field("data") ?? "null") });
      end = buffer.indexOf("\n\n");
    }
  }
  await reader.cancel();
  return messages;
}

for (const backend of testBackends()) {
  describe(`the bell's notifications (${backend.name})`, () => {
    let handle: Awaited<ReturnType<typeof backend.open>>;
    let alice: number;
    let bob: number;
    const admin = adminActor(1000, "root");
    const base = {
      name: "",
      email: "",
      is_active: true,
      is_superuser: false,
      groups: [],
      attributes: {},
      path: "users",
      type: "internal" as const,
    };
    const add = async (user: number, count: number, seen = false) =>
      handle.db
        .insert(notifications)
        .values(
          Array.from({ length: count }, (_, index) => ({
            user,
            severity: "notice" as const,
            body: `n${index}`,
            seen,
            created: new Date(Date.now() - (count - index) * 1000),
          })),
        )
        .returning();
    const list = (user: number, query: Record<string, string>) =>
      listNotifications(handle.db, user, ZNotificationListQuery.parse(query));

    before(async () => {
      handle = await backend.open();
      alice = (await createUser(handle.db, admin, { ...base, username: "alice" })).id;
      bob = (await createUser(handle.db, admin, { ...base, username: "bob" })).id;
    });
    after(() => handle.dispose());

    it("walks a user's notifications by cursor, newest first, unshaken by new rows", async () => {
      await handle.db.delete(notifications);
      await add(alice, 25);
      await add(bob, 3);
      const first = await list(alice, { page_size: "10" });
      assert.equal(first.pagination.count, 25);
      assert.ok(first.pagination.next_cursor);
      await add(alice, 2); // arrive while the client scrolls: they sort before the cursor and never shift it
      const second = await list(alice, { page_size: "10", cursor: first.pagination.next_cursor ?? "" });
      const third = await list(alice, { page_size: "10", cursor: second.pagination.next_cursor ?? "" });
      const seen = [...first.results, ...second.results, ...third.results].map((row) => row.pk);
      assert.equal(new Set(seen).size, 25 + 2 - 2);
      assert.equal(third.pagination.next_cursor, null);
      assert.equal(third.results.length, 5);
      assert.ok(seen.every((pk) => typeof pk === "string"));
    });

    it("filters by creation time and refuses a foreign cursor", async () => {
      const since = new Date(Date.now() - 5500).toISOString();
      const recent = await list(alice, { created__gte: since, page_size: "100" });
      assert.ok(recent.results.length > 0 && recent.results.length < 27);
      assert.equal(ZNotificationListQuery.safeParse({ cursor: "nope!" }).success, false);
    });

    it("bulk, mark-all, clear-read and clear-all change only the caller's own", async () => {
      await handle.db.delete(notifications);
      const mine = await add(alice, 4);
      const theirs = await add(bob, 2);
      const uuids = [mine[0].uuid, mine[1].uuid, theirs[0].uuid];
      assert.equal(await bulkChange(handle.db, alice, ZNotificationBulk.parse({ uuids, seen: true })), 2);
      assert.equal(await unseenCount(handle.db, alice), 2);
      assert.equal(await unseenCount(handle.db, bob), 2);
      assert.equal(await clearSeen(handle.db, alice), 2);
      assert.equal(await markAllSeen(handle.db, alice), 2);
      assert.equal(
        await bulkChange(handle.db, alice, ZNotificationBulk.parse({ uuids: [theirs[1].uuid], delete: true })),
        0,
      );
      assert.equal(await clearAll(handle.db, alice), 2);
      assert.equal((await list(bob, {})).results.length, 2);
    });

    it("refuses a bulk body that is neither or both", () => {
      const uuid = "0b3c2f5e-8a4d-4c1e-9f00-1234567890ab";
      assert.equal(ZNotificationBulk.safeParse({ uuids: [uuid] }).success, false);
      assert.equal(ZNotificationBulk.safeParse({ uuids: [uuid], seen: true, delete: true }).success, false);
      assert.equal(ZNotificationBulk.safeParse({ uuids: [], seen: true }).success, false);
    });

    it("streams the user's own notifications and unread counts, and resumes from Last-Event-ID", async () => {
      await handle.db.delete(notifications);
      const controller = new AbortController();
      const stream = notificationStream(handle.db, alice, { signal: controller.signal });
      const reading = readMessages(
        stream,
        (messages) => messages.filter((m) => m.event === "notification").length >= 1,
      );
      await new Promise((resolve) => setTimeout(resolve, 50));
      const [foreign] = await add(bob, 1);
      publishNotification({ user: bob, uuid: foreign.uuid });
      const [own] = await add(alice, 1);
      publishNotification({ user: alice, uuid: own.uuid });
      const messages = await reading;
      controller.abort();
      assert.deepEqual(messages[0], { id: "0", event: "unread", data: { count: 0 } });
      const delivered = messages.filter((m) => m.event === "notification");
      assert.deepEqual(
        delivered.map((m) => (m.data as { pk: string }).pk),
        [own.uuid],
      );
      assert.equal(decodeCursor(delivered[0].id)?.id, own.uuid);

      // Two more arrive while the client is away; the reconnect names the last id it saw.
      const missed = await add(alice, 2);
      const resumed = await readMessages(
        notificationStream(handle.db, alice, { lastEventId: delivered[0].id }),
        (all) => all.some((m) => m.event === "unread"),
      );
      const replayed = resumed.filter((m) => m.event === "notification").map((m) => (m.data as { pk: string }).pk);
      for (const row of missed) assert.ok(replayed.includes(row.uuid));
      assert.ok(!replayed.includes(foreign.uuid));
      assert.deepEqual(resumed.at(-1)?.data, { count: 3 });
    });
  });
}
