import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { after, before, describe, it } from "node:test";
import { asc } from "drizzle-orm";
import { events } from "@/db/schema";
import { createEvents } from "@/lib/events/create-event";
import { listEvents } from "@/lib/events/queries";
import { ZEventListQuery } from "@/lib/events/validation";
import { testBackends } from "@/lib/testing/test-db";
import { evaluateAkql } from "./evaluate";
import { parseAkql } from "./parse";
import { akqlToSql } from "./sql";
import type { TAkqlEvent } from "./values";

type TFixture = TAkqlEvent & { expires: string };
const FIXTURES: TFixture[] = JSON.parse(readFileSync("/work/shared/fixtures/authentik-sample-events.json", "utf8"));
const EXTRA: TAkqlEvent[] = [
  {
    pk: "0b3c2f5e-8a4d-4c1e-9f00-1234567890ab",
    action: "custom_probe",
    app: "herald.tests",
    client_ip: "203.0.113.9",
    created: "2026-06-01T00:00:00Z",
    user: { pk: 7, username: "Zoë", email: "zoe@example.com" },
    brand: { name: "Acme" },
    context: { geo: { country: "DE", lat: 52.5 }, attempts: 5, flag: true, device: { pk: "abc" } },
  },
];
const ALL: TAkqlEvent[] = [...FIXTURES, ...EXTRA];

const EXPRESSIONS = [
  'action = "login"',
  'action != "login"',
  'action in ("login", "logout")',
  'action not in ("login", "logout")',
  'action ~ "LOG"',
  'action !~ "log"',
  'action startswith "model_"',
  'action endswith "_failed"',
  'user.username = "akadmin"',
  'user.username ~ "ZO"',
  "user.pk = 1",
  "user.pk > 3",
  "user.email = None",
  "user.email != None",
  'client_ip = "::1"',
  'client_ip = "203.0.113.9"',
  'client_ip != "::1"',
  'client_ip startswith "203."',
  'created > "2024-01-01T00:00:00Z"',
  'created >= "2023-02-15" and created < "2023-03-01"',
  'context.geo.country = "DE"',
  "context.geo.lat >= 50",
  "context.attempts > 4",
  "context.flag = true",
  'context.device.pk in ("abc", "def")',
  "context.missing = None",
  'context.missing != "x"',
  'brand.name = "Acme" or action = "login"',
  '(action = "login" or action = "logout") and user.pk = 1',
  'event_uuid = "0b3c2f5e-8a4d-4c1e-9f00-1234567890ab"',
  'event_uuid = "not-a-uuid"',
  'app ~ "events"',
  'context.http_request.method = "GET"',
];

describe("akql parser", () => {
  it("parses operators, lists, literals and nesting", () => {
    const parsed = parseAkql(
      '(action = "login" OR user.pk in (1, 2)) and context.a.b ~ "x" and created > "2026-01-01"',
    );
    assert.equal(parsed.ok, true);
    if (parsed.ok) assert.equal(parsed.ast.type, "and");
  });

  it("reports errors with a column", () => {
    for (const [text, column] of [
      ['action = "login" and', 21],
      ["nosuchfield = 1", 1],
      ['action == "x"', 9],
      ['user.name = "x"', 1],
      ["created > 5", 1],
    ] as const) {
      const parsed = parseAkql(text);
      assert.equal(parsed.ok, false, text);
      if (!parsed.ok) {
        assert.equal(parsed.error.column, column, `${text}: ${parsed.error.message}`);
        assert.match(parsed.error.message, /column \d+/);
      }
    }
  });
});

for (const backend of testBackends()) {
  describe(`akql sql and in-memory agree (${backend.name})`, () => {
    let handle: Awaited<ReturnType<typeof backend.open>>;
    before(async () => {
      handle = await backend.open();
      await createEvents(
        handle.db,
        ALL.map((e) => ({
          eventUuid: e.pk,
          action: e.action,
          app: e.app,
          user: e.user,
          context: e.context,
          brand: e.brand ?? {},
          clientIp: e.client_ip,
          created: new Date(e.created),
          expires: new Date("2999-01-01T00:00:00Z"),
        })),
      );
    });
    after(async () => handle.dispose());

    for (const text of EXPRESSIONS) {
      it(text, async () => {
        const parsed = parseAkql(text);
        assert.equal(parsed.ok, true, parsed.ok ? "" : parsed.error.message);
        if (!parsed.ok) return;
        const rows = await handle.db
          .select({ pk: events.eventUuid })
          .from(events)
          .where(akqlToSql(parsed.ast))
          .orderBy(asc(events.eventUuid));
        const fromSql = rows.map((row) => row.pk).sort();
        const inMemory = ALL.filter((event) => evaluateAkql(parsed.ast, { ...event, brand: event.brand ?? {} }))
          .map((event) => event.pk)
          .sort();
        assert.deepEqual(fromSql, inMemory);
      });
    }

    it("the event list reads search as AKQL, falls back to plain text and says so", async () => {
      const akql = await listEvents(handle.db, ZEventListQuery.parse({ search: 'context.geo.country = "DE"' }));
      assert.deepEqual(akql.akql, { valid: true, error: null });
      assert.deepEqual(
        akql.results.map((e) => e.pk),
        [EXTRA[0].pk],
      );
      const plain = await listEvents(handle.db, ZEventListQuery.parse({ search: "custom_probe" }));
      assert.equal(plain.akql?.valid, false);
      assert.match(plain.akql?.error ?? "", /column/);
      assert.deepEqual(
        plain.results.map((e) => e.pk),
        [EXTRA[0].pk],
      );
      assert.ok("event_uuid" in plain.autocomplete.models["authentik_events.event"]);
      const device = await listEvents(handle.db, ZEventListQuery.parse({ context_device: "abc" }));
      assert.deepEqual(
        device.results.map((e) => e.pk),
        [EXTRA[0].pk],
      );
    });

    it("finds what the expressions mean", () => {
      const parsed = parseAkql('user.username ~ "zo" and context.attempts > 4');
      assert.ok(parsed.ok);
      if (parsed.ok) assert.equal(ALL.filter((e) => evaluateAkql(parsed.ast, e)).length, 1);
    });
  });
}
