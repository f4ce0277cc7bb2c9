import { expect, test } from "@playwright/test";
import pLimit from "p-limit";
import { explicitScopeDecision, tokenHoldsScope } from "../../lib/auth/token-scopes";
import { adminAuth, callJson } from "../fixtures/api";
import { uniqueName } from "../fixtures/env";
import { fillPath, ROUTES } from "../fixtures/hostile-inputs";
import { callAction, serverActions, sessionCookie, type TServerAction } from "../fixtures/server-actions";

/**
 * The access suite, generated from lib/api/route-table.json: every method of every /api/v3 route is
 * called anonymously, with a non-admin's token, with a revoked and an expired token; another user's
 * tokens and notifications are not found. USER_SURFACES is the whole list of what a non-admin may
 * reach; everything else must answer 403 to them.
 */
test.describe.configure({ mode: "serial", timeout: 300_000 });

const USER_SURFACES = new Set([
  "/api/v3/core/tokens/",
  "/api/v3/core/tokens/{identifier}/",
  "/api/v3/core/tokens/{identifier}/revoke/",
  "/api/v3/core/tokens/{identifier}/view_key/",
  "/api/v3/core/users/me/",
  "/api/v3/events/events/actions/",
  "/api/v3/events/notifications/",
  "/api/v3/events/notifications/{uuid}/",
  "/api/v3/events/notifications/{uuid}/used_by/",
  "/api/v3/events/notifications/mark_all_seen/",
  "/api/v3/events/notifications/clear_seen/",
  "/api/v3/events/notifications/clear_all/",
  "/api/v3/events/notifications/bulk/",
  "/api/v3/events/notifications/stream/",
  "/api/v3/events/notifications/unread_count/",
  "/api/v3/herald/sessions/sign_out_everywhere/",
]);

/** Routes whose handler only answers 405 (the audit log is append-only); they refuse everyone alike. */
const METHOD_ONLY = new Set([
  "PUT /api/v3/events/events/{event_uuid}/",
  "PATCH /api/v3/events/events/{event_uuid}/",
  "DELETE /api/v3/events/events/{event_uuid}/",
]);

let baseURL = "";
const PLACEHOLDER_IDS: Record<string, string> = {
  id: "1",
  identifier: "placeholder-token",
  group_uuid: "00000000-0000-4000-8000-000000000001",
};

type TUserFixture = { pk: number; username: string; token: string; identifier: string };

const api = (method: string, path: string, body?: unknown, auth: Record<string, string> = adminAuth) =>
  callJson(baseURL, method, path, body, auth);

async function makeUser(prefix: string): Promise<TUserFixture> {
  const user = await api("POST", "/api/v3/core/users/", {
    username: uniqueName(prefix),
    password: "a-long-password-1",
  });
  expect(user.status).toBe(201);
  const identifier = uniqueName(`${prefix}-token`);
  const token = await api("POST", "/api/v3/core/tokens/", { identifier, intent: "api", user: user.body.pk });
  expect(token.status).toBe(201);
  return { pk: user.body.pk, username: user.body.username, token: token.body.key, identifier };
}

function everyCall(ids: Record<string, string> = PLACEHOLDER_IDS) {
  return ROUTES.flatMap((route) => route.methods.map((method) => ({ method, route, url: fillPath(route.path, ids) })));
}

async function callEach(auth: Record<string, string>, ids: Record<string, string> = PLACEHOLDER_IDS) {
  const limit = pLimit(6);
  return Promise.all(
    everyCall(ids).map((call) =>
      limit(async () => {
        const hasBody = ["POST", "PUT", "PATCH"].includes(call.method);
        const response = await fetch(`${baseURL}${call.url}`, {
          method: call.method,
          headers: { ...auth, ...(hasBody ? { "content-type": "application/json" } : {}) },
          body: hasBody ? "{}" : undefined,
        });
        const contentType = response.headers.get("content-type") ?? "";
        // A live stream (the bell's server-sent events) never ends: its headers are the answer.
        if (contentType.startsWith("text/event-stream")) await response.body?.cancel();
        const text = contentType.startsWith("text/event-stream") ? "" : await response.text();
        return { ...call, status: response.status, text, contentType };
      }),
    ),
  );
}

let alice: TUserFixture;
let bob: TUserFixture;

test.beforeAll(async ({ baseURL: url }) => {
  baseURL = url ?? "";
  alice = await makeUser("alice");
  bob = await makeUser("bob");
});

test("anonymous callers get 401 JSON on every route", async () => {
  const answers = await callEach({});
  const wrong = answers.filter(
    (answer) =>
      !METHOD_ONLY.has(`${answer.method} ${answer.route.path}`) &&
      (answer.status !== 401 || !answer.contentType.includes("json")),
  );
  expect(wrong.map((answer) => `${answer.method} ${answer.route.path} → ${answer.status}`)).toEqual([]);
  console.log(`access anonymous: ${answers.length} calls, all 401`);
});

test("a non-admin gets 403 on every admin surface and is let through on their own", async () => {
  const answers = await callEach({ authorization: `Bearer ${alice.token}` });
  const wrong = answers.filter((answer) => {
    if (METHOD_ONLY.has(`${answer.method} ${answer.route.path}`)) return answer.status !== 405;
    if (USER_SURFACES.has(answer.route.path))
      return answer.status === 401 || answer.status === 403 || answer.status >= 500;
    return answer.status !== 403;
  });
  expect(
    wrong.map((answer) => `${answer.method} ${answer.route.path} → ${answer.status} ${answer.text.slice(0, 80)}`),
  ).toEqual([]);
  console.log(`access non-admin: ${answers.length} calls`);
});

type TScope = "events:write" | "events:read" | "notifications" | "admin";
const SCOPES: TScope[] = ["events:write", "events:read", "notifications", "admin"];
/** Ids no object has, so an allowed call ends in 400/404 and never deletes or edits the admin. */
const ABSENT_IDS: Record<string, string> = { ...PLACEHOLDER_IDS, id: "2147480000" };
const decisionOf = (method: string, path: string) => explicitScopeDecision(method, path) ?? "admin";

async function scopedToken(scopes: TScope[], user?: number): Promise<string> {
  const token = await api("POST", "/api/v3/core/tokens/", {
    identifier: uniqueName(`scope-${scopes.join("-").replace(":", "_")}`),
    intent: "api",
    scopes,
    ...(user ? { user } : {}),
  });
  expect(token.status, JSON.stringify(token.body)).toBe(201);
  expect(token.body.scopes).toEqual(scopes);
  return token.body.key;
}

/** Allowed: anything but 401/403/5xx (validation and not-found are the handler's own answers). Refused: 403 naming the scope. */
function scopeMismatches(
  answers: Awaited<ReturnType<typeof callEach>>,
  allowed: (method: string, path: string) => boolean,
  label: string,
) {
  return answers.flatMap((answer) => {
    if (METHOD_ONLY.has(`${answer.method} ${answer.route.path}`)) return [];
    const decision = decisionOf(answer.method, answer.route.path);
    const where = `${label} ${answer.method} ${answer.route.path} → ${answer.status} ${answer.text.slice(0, 100)}`;
    if (allowed(answer.method, answer.route.path)) {
      return answer.status === 401 || answer.status === 403 || answer.status >= 500 ? [where] : [];
    }
    if (answer.status !== 403) return [where];
    const detail = String(JSON.parse(answer.text).detail ?? "");
    // A scope refusal names the scope; an owner's own lack of rights is the plain permission answer.
    return detail.includes(`'${decision}'`) || detail.includes("permission") ? [] : [where];
  });
}

test("an administrator's token with each scope reaches exactly that scope's routes", async () => {
  const { pk: adminPk } = (await api("GET", "/api/v3/core/users/me/")).body.user;
  for (const scope of SCOPES) {
    const key = await scopedToken([scope], adminPk);
    const answers = await callEach({ authorization: `Bearer ${key}` }, ABSENT_IDS);
    const wrong = scopeMismatches(answers, (method, path) => tokenHoldsScope([scope], decisionOf(method, path)), scope);
    // Refusals of a scope check must name the scope itself.
    const unnamed = answers.filter(
      (answer) =>
        answer.status === 403 &&
        !tokenHoldsScope([scope], decisionOf(answer.method, answer.route.path)) &&
        !answer.text.includes(`'${decisionOf(answer.method, answer.route.path)}' scope`),
    );
    expect([...wrong, ...unnamed.map((answer) => `${scope} ${answer.method} ${answer.route.path} unnamed`)]).toEqual(
      [],
    );
    console.log(`access scope ${scope}: ${answers.length} calls`);
  }
});

test("a service account ingests with events:write and reads with events:read, without being a superuser", async () => {
  const created = await api("POST", "/api/v3/core/users/service_account/", {
    name: uniqueName("integration"),
    create_group: false,
  });
  expect(created.status, JSON.stringify(created.body)).toBe(200);
  expect(created.body.scopes).toEqual(["events:write"]);
  const account = (await api("GET", `/api/v3/core/users/${created.body.user_pk}/`)).body;
  expect(account.type).toBe("service_account");
  expect(account.is_superuser).toBe(false);
  const ingest = await api(
    "POST",
    "/api/v3/events/events/",
    { action: "custom_sa_ingest", app: "access" },
    { authorization: `Bearer ${created.body.token}` },
  );
  expect(ingest.status, JSON.stringify(ingest.body)).toBe(201);
  const reader = await scopedToken(["events:read"], created.body.user_pk);
  for (const [label, key, scope] of [
    ["service account events:write", created.body.token, "events:write"],
    ["service account events:read", reader, "events:read"],
  ] as const) {
    const answers = await callEach({ authorization: `Bearer ${key}` }, ABSENT_IDS);
    const wrong = scopeMismatches(
      answers,
      (method, path) => {
        const decision = decisionOf(method, path);
        return decision === "any" || decision === scope;
      },
      label,
    );
    expect(wrong).toEqual([]);
  }
  // A service account cannot sign in, whatever is tried.
  await expect(sessionCookie(baseURL, created.body.username, "a-long-password-1")).rejects.toThrow();
});

test("a non-admin's notifications token reaches the bell only", async () => {
  const key = await scopedToken(["notifications"], alice.pk);
  const answers = await callEach({ authorization: `Bearer ${key}` });
  const wrong = scopeMismatches(
    answers,
    (method, path) => {
      const decision = decisionOf(method, path);
      return decision === "any" || (decision === "notifications" && USER_SURFACES.has(path));
    },
    "alice notifications",
  );
  expect(wrong).toEqual([]);
  const ingest = await api("POST", "/api/v3/core/tokens/", {
    identifier: uniqueName("alice-ingest"),
    user: alice.pk,
    scopes: ["events:write"],
  });
  expect(ingest.status).toBe(400);
  expect(Object.keys(ingest.body)).toEqual(["scopes"]);
});

test("revoked and expired tokens get 401 on every route", async () => {
  const revokedId = uniqueName("revoked");
  const revoked = await api("POST", "/api/v3/core/tokens/", { identifier: revokedId, intent: "api", user: alice.pk });
  expect((await api("POST", `/api/v3/core/tokens/${revokedId}/revoke/`)).status).toBe(200);
  const expiring = await api("POST", "/api/v3/core/tokens/", {
    identifier: uniqueName("expiring"),
    intent: "api",
    user: alice.pk,
    expires: new Date(Date.now() + 1500).toISOString(),
  });
  expect(expiring.status).toBe(201);
  await new Promise((resolve) => setTimeout(resolve, 2000));
  for (const [label, key] of [
    ["revoked", revoked.body.key],
    ["expired", expiring.body.key],
  ]) {
    const answers = await callEach({ authorization: `Bearer ${key}` });
    const wrong = answers.filter(
      (answer) => answer.status !== 401 && !METHOD_ONLY.has(`${answer.method} ${answer.route.path}`),
    );
    expect(wrong.map((answer) => `${label} ${answer.method} ${answer.route.path} → ${answer.status}`)).toEqual([]);
    const detail = JSON.parse(answers.find((answer) => answer.status === 401)?.text ?? "{}").detail;
    expect(detail).toBe(label === "expired" ? "Token has expired." : "Token invalid or revoked.");
  }
});

test("another user's tokens and notifications are not found", async () => {
  const asBob = { authorization: `Bearer ${bob.token}` };
  for (const [method, path] of [
    ["GET", `/api/v3/core/tokens/${alice.identifier}/`],
    ["PATCH", `/api/v3/core/tokens/${alice.identifier}/`],
    ["DELETE", `/api/v3/core/tokens/${alice.identifier}/`],
    ["GET", `/api/v3/core/tokens/${alice.identifier}/view_key/`],
    ["POST", `/api/v3/core/tokens/${alice.identifier}/revoke/`],
  ]) {
    const answer = await api(method, path, method === "PATCH" ? { description: "x" } : undefined, asBob);
    expect(answer.status, `${method} ${path}`).toBe(404);
  }
  const bobsList = await api("GET", "/api/v3/core/tokens/?page_size=1000", undefined, asBob);
  expect(bobsList.body.results.map((token: { identifier: string }) => token.identifier)).toEqual([bob.identifier]);
  // A notification of Alice's, made by the dispatcher from a rule addressed to her as the event's user.
  const rule = await api("POST", "/api/v3/events/rules/", {
    name: uniqueName("access-rule"),
    destination_event_user: true,
    severity: "notice",
  });
  const matcher = await api("POST", "/api/v3/policies/event_matcher/", {
    name: uniqueName("access-m"),
    action: "custom_access",
  });
  await api("POST", "/api/v3/policies/bindings/", { policy: matcher.body.pk, target: rule.body.pk, order: 0 });
  await api("POST", "/api/v3/events/events/", {
    action: "custom_access",
    app: "access",
    user: { pk: alice.pk, username: alice.username },
  });
  const asAlice = { authorization: `Bearer ${alice.token}` };
  await expect
    .poll(async () => (await api("GET", "/api/v3/events/notifications/", undefined, asAlice)).body.pagination.count, {
      timeout: 20_000,
    })
    .toBeGreaterThan(0);
  const mine = await api("GET", "/api/v3/events/notifications/", undefined, asAlice);
  const uuid = mine.body.results[0].pk;
  for (const [method, path] of [
    ["GET", `/api/v3/events/notifications/${uuid}/`],
    ["PATCH", `/api/v3/events/notifications/${uuid}/`],
    ["DELETE", `/api/v3/events/notifications/${uuid}/`],
    ["GET", `/api/v3/events/notifications/${uuid}/used_by/`],
  ]) {
    const answer = await api(method, path, method === "PATCH" ? { seen: true } : undefined, asBob);
    expect(answer.status, `${method} ${path}`).toBe(404);
  }
  expect((await api("GET", "/api/v3/events/notifications/", undefined, asBob)).body.pagination.count).toBe(0);
  expect((await api("GET", `/api/v3/events/notifications/${uuid}/`, undefined, asAlice)).status).toBe(200);
});

/** What a server action's file says about its audience: app/(admin) admins, app/(user) anyone signed in. */
function audienceOf(action: TServerAction): "admin" | "user" | "public" {
  if (action.file.startsWith("app/(admin)/")) return "admin";
  if (action.file.startsWith("app/(user)/")) return "user";
  return "public";
}

test("every server action refuses the wrong audience", async () => {
  const actions = serverActions().filter((action) => audienceOf(action) !== "public");
  expect(actions.length).toBeGreaterThan(30);
  const aliceCookie = await sessionCookie(baseURL, alice.username, "a-long-password-1");
  const wrong: string[] = [];
  for (const action of actions) {
    const anonymous = await callAction(baseURL, action, [{ uuid: "00000000-0000-4000-8000-000000000001" }]);
    const anonymousCode = (anonymous.result as { code?: string } | undefined)?.code;
    if (anonymousCode !== "unauthenticated")
      wrong.push(`${action.name} anonymous → ${anonymous.status} ${anonymous.text.slice(0, 120)}`);
    const asAlice = await callAction(baseURL, action, [{ uuid: "00000000-0000-4000-8000-000000000001" }], aliceCookie);
    const code = (asAlice.result as { code?: string } | undefined)?.code;
    if (asAlice.status >= 500 || asAlice.failed) wrong.push(`${action.name} non-admin → ${asAlice.status}`);
    else if (audienceOf(action) === "admin" && code !== "forbidden") wrong.push(`${action.name} non-admin → ${code}`);
    else if (audienceOf(action) === "user" && (code === "forbidden" || code === "unauthenticated"))
      wrong.push(`${action.name} non-admin (own surface) → ${code}`);
  }
  expect(wrong).toEqual([]);
  console.log(`access server actions: ${actions.length} actions × anonymous and non-admin`);
});

test("cookie sessions end on sign-out, password reset, sign-out everywhere", async () => {
  const carol = await makeUser("carol");
  const me = async (cookie: string) =>
    (await fetch(`${baseURL}/api/v3/core/users/me/`, { headers: { cookie } })).status;
  const signedOut = await sessionCookie(baseURL, carol.username, "a-long-password-1");
  expect(await me(signedOut)).toBe(200);
  const csrf = await fetch(`${baseURL}/api/auth/csrf`, { headers: { cookie: signedOut } });
  const { csrfToken } = (await csrf.json()) as { csrfToken: string };
  const csrfCookie = csrf.headers.getSetCookie().map((line) => line.split(";")[0]);
  await fetch(`${baseURL}/api/auth/signout`, {
    method: "POST",
    headers: {
      "content-type": "application/x-www-form-urlencoded",
      cookie: [signedOut, ...csrfCookie].join("; "),
      origin: baseURL,
    },
    body: new URLSearchParams({ csrfToken }).toString(),
    redirect: "manual",
  });
  expect(await me(signedOut), "a signed-out session cookie still works").toBe(401);

  const beforeReset = await sessionCookie(baseURL, carol.username, "a-long-password-1");
  expect(await me(beforeReset)).toBe(200);
  expect(
    (await api("POST", `/api/v3/core/users/${carol.pk}/set_password/`, { password: "another-password-2" })).status,
  ).toBe(204);
  expect(await me(beforeReset), "a session from before the password reset still works").toBe(401);

  const first = await sessionCookie(baseURL, carol.username, "another-password-2");
  const second = await sessionCookie(baseURL, carol.username, "another-password-2");
  const everywhere = await fetch(`${baseURL}/api/v3/herald/sessions/sign_out_everywhere/`, {
    method: "POST",
    headers: { cookie: first, origin: baseURL, "content-type": "application/json" },
    body: "{}",
  });
  expect(everywhere.status).toBeLessThan(300);
  expect([await me(first), await me(second)]).toEqual([401, 401]);
});

test("a cookie cannot be used from another origin", async () => {
  const cookie = await sessionCookie(baseURL, alice.username, "a-long-password-1");
  const create = (headers: Record<string, string>) =>
    fetch(`${baseURL}/api/v3/core/tokens/`, {
      method: "POST",
      headers: { cookie, ...headers },
      body: JSON.stringify({ identifier: uniqueName("csrf"), intent: "api" }),
    });
  const crossOrigin: Record<string, string>[] = [
    { origin: "http://evil.example", "content-type": "text/plain" },
    { origin: "http://evil.example", "content-type": "application/json" },
    { "sec-fetch-site": "cross-site", "content-type": "application/json" },
  ];
  for (const headers of crossOrigin) {
    const refused = await create(headers);
    expect(refused.status, JSON.stringify(headers)).toBe(403);
    expect((await refused.json()).code).toBe("csrf_failed");
  }
  expect((await create({ origin: baseURL, "content-type": "application/json" })).status).toBe(201);
  expect((await create({ origin: baseURL, "content-type": "text/plain" })).status).toBe(415);
});

test("60 parallel wrong passwords check at most the limit, and then the right one is refused too", async () => {
  const dave = await makeUser("dave");
  const attempts = await Promise.all(
    Array.from({ length: 60 }, () =>
      sessionCookie(baseURL, dave.username, "wrong-password-0").then(
        () => "in",
        () => "refused",
      ),
    ),
  );
  expect(attempts.every((outcome) => outcome === "refused")).toBe(true);
  await expect(sessionCookie(baseURL, dave.username, "a-long-password-1")).rejects.toThrow(/failed/);
  const failures = await api(
    "GET",
    `/api/v3/events/events/?action=login_failed&username=${dave.username}&page_size=100`,
  );
  // Each checked password leaves one login_failed event; attempts the lock-out refused check nothing.
  const checked = failures.body.results;
  expect(checked.length).toBeGreaterThan(0);
  expect(checked.length).toBeLessThanOrEqual(5);
});
