import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { testBackends } from "@/lib/testing/test-db";
import { createEvents, type TCreateEventInput } from "./create-event";
import { cellDegrees, eventMapClusters } from "./map";
import { eventVolume, listEvents, topPerUser, volumeBucket } from "./queries";
import { ZEventListQuery, ZMapQuery, ZVolumeQuery } from "./validation";

const HOUR = 3600 * 1000;
const now = new Date("2026-11-20T12:00:00Z");
const at = (hoursAgo: number) => new Date(now.getTime() - hoursAgo * HOUR);
const geo = (lat: number, long: number, country: string) => ({
  geo: { lat, long, country, city: "", continent: null },
});

const SEED: TCreateEventInput[] = [
  {
    action: "login",
    app: "authentik.events",
    user: { pk: 1, username: "alice" },
    clientIp: "81.2.69.142",
    created: at(1),
    context: { ...geo(51.4, -0.76, "GB") },
  },
  {
    action: "login",
    app: "authentik.events",
    user: { pk: 2, username: "bob" },
    clientIp: "81.2.69.143",
    created: at(2),
    context: { ...geo(51.5, -0.7, "GB") },
  },
  {
    action: "login_failed",
    app: "authentik.events",
    user: {},
    clientIp: "203.0.113.9",
    created: at(3),
    context: { username: "alice", ...geo(-33.9, 151.2, "AU") },
  },
  {
    action: "model_updated",
    app: "herald.core",
    user: { pk: 1, username: "alice" },
    created: at(30),
    context: { model: { app: "herald_core", model_name: "user", pk: 42, name: "carol" } },
  },
  {
    action: "model_created",
    app: "herald.core",
    user: { pk: 1, username: "alice" },
    created: at(50),
    context: {
      model: { app: "herald_core", model_name: "group", pk: "6a0c3a1e-1b0c-4e7d-9b7e-2f1a3c4d5e6f", name: "ops" },
    },
  },
  {
    action: "authorize_application",
    app: "authentik.providers",
    user: { pk: 1, username: "alice" },
    created: at(5),
    context: { authorized_application: { pk: "app1", name: "Grafana" } },
  },
  {
    action: "authorize_application",
    app: "authentik.providers",
    user: { pk: 2, username: "bob" },
    created: at(6),
    context: { authorized_application: { pk: "app1", name: "Grafana" } },
  },
  {
    action: "authorize_application",
    app: "authentik.providers",
    user: { pk: 2, username: "bob" },
    created: at(7),
    context: { authorized_application: { pk: "app2", name: "Wiki" } },
  },
  {
    action: "custom_deploy",
    app: "ci",
    brand: { name: "Acme" },
    created: at(200),
    context: { message: "Deployed release 4.2 to production" },
  },
];

for (const backend of testBackends()) {
  describe(`event queries (${backend.name})`, () => {
    let handle: Awaited<ReturnType<typeof backend.open>>;
    before(async () => {
      handle = await backend.open();
      await createEvents(handle.db, SEED);
    });
    after(async () => handle.dispose());

    const list = async (query: Record<string, unknown>) =>
      (await listEvents(handle.db, ZEventListQuery.parse(query))).results.map((event) => event.action);

    it("orders newest first by default and paginates authentik-style", async () => {
      const page = await listEvents(handle.db, ZEventListQuery.parse({ page_size: "4" }));
      assert.deepEqual(
        page.results.map((event) => event.action),
        ["login", "login", "login_failed", "authorize_application"],
      );
      assert.equal(page.pagination.count, SEED.length);
      assert.equal(page.pagination.total_pages, 3);
      assert.deepEqual(await list({ ordering: "created", page_size: "1" }), ["custom_deploy"]);
    });

    it("applies every authentik filter", async () => {
      assert.deepEqual(
        await list({ action: "LOGIN" }),
        ["login", "login", "login_failed"],
        "action is a case-insensitive contains",
      );
      assert.deepEqual(await list({ actions: ["login_failed", "custom_deploy"] }), ["login_failed", "custom_deploy"]);
      assert.deepEqual(await list({ client_ip: "81.2.69.143" }), ["login"]);
      assert.deepEqual(
        await list({ username: "alice" }),
        ["login", "login_failed", "authorize_application", "model_updated", "model_created"],
        "user.username or context.username",
      );
      assert.deepEqual(
        await list({ context_model_pk: "42", context_model_name: "user", context_model_app: "herald_core" }),
        ["model_updated"],
      );
      assert.deepEqual(
        await list({ context_model_pk: "6a0c3a1e1b0c4e7d9b7e2f1a3c4d5e6f" }),
        ["model_created"],
        "dashes are ignored",
      );
      assert.equal((await list({ context_authorized_app: "app1" })).length, 2);
      assert.deepEqual(await list({ brand_name: "Acme" }), ["custom_deploy"]);
      assert.deepEqual(await list({ created__gte: at(2.5).toISOString(), created__lt: at(0.5).toISOString() }), [
        "login",
        "login",
      ]);
      assert.deepEqual(await list({ country: "au" }), ["login_failed"]);
      assert.deepEqual(await list({ geo_bbox: "51,-1,52,0" }), ["login", "login"]);
    });

    it("searches every word across action, app, user, IP and context", async () => {
      assert.deepEqual(await list({ search: "production release" }), ["custom_deploy"]);
      assert.deepEqual(await list({ search: "203.0.113" }), ["login_failed"]);
      assert.deepEqual(await list({ search: "GRAFANA" }), ["authorize_application", "authorize_application"]);
      assert.deepEqual(await list({ search: "100%" }), [], "% is literal");
    });

    it("buckets volume hourly, 6-hourly or daily and honours filters", async () => {
      assert.deepEqual(
        [1, 7, 30, 90].map((days) => volumeBucket(days).label),
        ["1 hour", "6 hours", "1 day", "1 day"],
      );
      const day = await eventVolume(handle.db, ZVolumeQuery.parse({ history_days: "1", actions: ["login"] }), now);
      assert.deepEqual(
        day.map((point) => [point.time.slice(11, 16), point.count]),
        [
          ["10:00", 1],
          ["11:00", 1],
        ],
      );
      const week = await eventVolume(handle.db, ZVolumeQuery.parse({ history_days: "7" }), now);
      assert.equal(
        week.reduce((sum, point) => sum + point.count, 0),
        8,
        "the 200-hour-old event is outside the week",
      );
      assert.ok(week.every((point) => new Date(point.time).getUTCHours() % 6 === 0));
      const month = await eventVolume(handle.db, ZVolumeQuery.parse({ history_days: "30" }), now);
      assert.ok(month.every((point) => point.time.endsWith("T00:00:00.000Z")));
      assert.equal(
        month.reduce((sum, point) => sum + point.count, 0),
        SEED.length,
      );
      assert.equal(ZVolumeQuery.safeParse({ history_days: "91" }).success, false);
    });

    it("ranks authorized applications for top_per_user", async () => {
      const top = await topPerUser(handle.db, "authorize_application", 15);
      assert.deepEqual(
        top.map((row) => [row.application.name, row.counted_events, row.unique_users]),
        [
          ["Grafana", 2, 2],
          ["Wiki", 1, 1],
        ],
      );
      assert.equal((await topPerUser(handle.db, "authorize_application", 1)).length, 1);
    });

    it("clusters the whole filter on a grid that refines with zoom", async () => {
      const world = await eventMapClusters(handle.db, ZMapQuery.parse({ zoom: "1" }));
      assert.equal(world.cell_degrees, cellDegrees(1));
      assert.deepEqual(
        world.clusters.map((cluster) => [cluster.country, cluster.count]),
        [
          ["GB", 2],
          ["AU", 1],
        ],
      );
      assert.equal(world.located, 3);
      assert.equal(world.total, SEED.length);
      const [london] = world.clusters;
      assert.ok(london.bounds[0] <= 51.4 && london.bounds[2] >= 51.5);
      const close = await eventMapClusters(handle.db, ZMapQuery.parse({ zoom: "12" }));
      assert.equal(
        close.clusters.filter((cluster) => cluster.country === "GB").length,
        2,
        "zoomed in, the two London events separate",
      );
      const filtered = await eventMapClusters(handle.db, ZMapQuery.parse({ zoom: "1", actions: ["login_failed"] }));
      assert.deepEqual(
        filtered.clusters.map((cluster) => cluster.country),
        ["AU"],
      );
    });
  });
}
