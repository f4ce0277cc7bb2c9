import assert from "node:assert/strict";
import { after, before, beforeEach, describe, it } from "node:test";
import { events, settings } from "@/db/schema";
import { createEvent } from "@/lib/events/create-event";
import { testBackends } from "@/lib/testing/test-db";
import { readSetting, readSettings, writeSettingRows } from "./queries";
import { SETTINGS_DEFAULTS, ZSettings } from "./validation";

const DAY = 24 * 3600 * 1000;

describe("ZSettings", () => {
  it("defaults event_retention to days=365 and trims input", () => {
    assert.deepEqual(SETTINGS_DEFAULTS, { event_retention: "days=365", map_tile_url: "" });
    assert.deepEqual(ZSettings.parse({ event_retention: "  weeks=3 " }), {
      event_retention: "weeks=3",
      map_tile_url: "",
    });
  });

  it("rejects a bad retention with the parser's message on the field", () => {
    const result = ZSettings.safeParse({ event_retention: "fortnights=2" });
    assert.equal(result.success, false);
    const issue = result.error?.issues[0];
    assert.deepEqual(issue?.path, ["event_retention"]);
    assert.match(issue?.message ?? "", /Unknown unit "fortnights"/);
  });
});

for (const backend of testBackends()) {
  describe(`settings storage (${backend.name})`, () => {
    let handle: Awaited<ReturnType<typeof backend.open>>;
    before(async () => {
      handle = await backend.open();
    });
    after(async () => {
      await handle.dispose();
    });
    beforeEach(async () => {
      await handle.db.delete(settings);
    });

    it("reads the defaults from an empty table", async () => {
      assert.deepEqual(await readSettings(handle.db), SETTINGS_DEFAULTS);
      assert.equal(await readSetting(handle.db, "event_retention"), "days=365");
    });

    it("writes, reads back and overwrites a value (one row per key)", async () => {
      await writeSettingRows(handle.db, { event_retention: "weeks=3" });
      assert.equal(await readSetting(handle.db, "event_retention"), "weeks=3");
      await writeSettingRows(handle.db, { event_retention: "days=30" });
      assert.deepEqual(await readSettings(handle.db), { event_retention: "days=30", map_tile_url: "" });
      assert.equal((await handle.db.select().from(settings)).length, 1, "one row per key written");
    });

    it("falls back to the default when a stored value is invalid", async () => {
      await handle.db.insert(settings).values({ key: "event_retention", value: "eternity" });
      assert.equal(await readSetting(handle.db, "event_retention"), "days=365");
      assert.deepEqual(await readSettings(handle.db), SETTINGS_DEFAULTS);
    });

    it("sets an event's expiry from the retention at insert; later changes leave old rows alone", async () => {
      await writeSettingRows(handle.db, { event_retention: "weeks=3" });
      const first = await createEvent(handle.db, { action: "custom_retention", app: "test" });
      assert.equal(first.expires.getTime() - first.created.getTime(), 21 * DAY);
      await writeSettingRows(handle.db, { event_retention: "days=1" });
      const second = await createEvent(handle.db, { action: "custom_retention", app: "test" });
      assert.equal(second.expires.getTime() - second.created.getTime(), DAY);
      const rows = await handle.db.select().from(events);
      const stored = rows.find((row) => row.eventUuid === first.eventUuid);
      assert.equal(stored?.expires.getTime(), first.expires.getTime());
    });
  });
}

describe("map_tile_url", () => {
  it("accepts an empty value or an http(s) template with {z}/{x}/{y}", () => {
    assert.equal(ZSettings.shape.map_tile_url.safeParse("").success, true);
    assert.equal(ZSettings.shape.map_tile_url.safeParse("https://tiles.example/{z}/{x}/{y}.png").success, true);
    assert.equal(ZSettings.shape.map_tile_url.safeParse("https://tiles.example/static.png").success, false);
    assert.equal(ZSettings.shape.map_tile_url.safeParse("javascript:alert(1)//{z}{x}{y}").success, false);
  });
});
