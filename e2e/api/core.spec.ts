import { CoreApi, IntentEnum } from "@goauthentik/api";
import { expect, test } from "@playwright/test";
import { adminAuth, apiConfig, failure } from "../fixtures/api";
import { ADMIN_TOKEN, ADMIN_USERNAME, uniqueName } from "../fixtures/env";

/** /api/v3/core/{users,groups,tokens}/ through authentik's own generated client. */
const core = (baseURL: string | undefined, token = ADMIN_TOKEN) => new CoreApi(apiConfig(baseURL, token));

test("users/me describes the token's owner", async ({ baseURL }) => {
  const me = await core(baseURL).coreUsersMeRetrieve();
  expect(me.user.username).toBe(ADMIN_USERNAME);
  expect(me.user.isSuperuser).toBe(true);
});

test("users: create, list, retrieve, patch, set password, delete ", async ({ baseURL }) => {
  const api = core(baseURL);
  const username = uniqueName("user");
  const created = await api.coreUsersCreate({
    userRequest: { username, name: "Ursula", email: `${username}@example.test` },
  });
  expect(created).toMatchObject({ username, name: "Ursula", isActive: true, isSuperuser: false, groups: [] });
  expect(typeof created.pk).toBe("number");

  const listed = await api.coreUsersList({ search: username });
  expect(listed.results.map((user) => user.pk)).toEqual([created.pk]);
  expect(listed.pagination.count).toBe(1);
  expect((await api.coreUsersList({ username, isActive: false })).results).toHaveLength(0);

  const patched = await api.coreUsersPartialUpdate({ id: created.pk, patchedUserRequest: { name: "Ursula K." } });
  expect(patched.name).toBe("Ursula K.");
  expect((await api.coreUsersRetrieve({ id: created.pk })).name).toBe("Ursula K.");
  await api.coreUsersSetPasswordCreate({ id: created.pk, userPasswordSetRequest: { password: "a-new-password-1" } });

  await api.coreUsersDestroy({ id: created.pk });
  const gone = await failure(api.coreUsersRetrieve({ id: created.pk }));
  expect(gone).toEqual({ status: 404, body: { detail: "No User matches the given query.", code: "not_found" } });
});

test("groups: create with members, hierarchy, add/remove a member, delete", async ({ baseURL }) => {
  const api = core(baseURL);
  const member = await api.coreUsersCreate({ userRequest: { username: uniqueName("member"), name: "" } });
  const parent = await api.coreGroupsCreate({ groupRequest: { name: uniqueName("parent") } });
  const child = await api.coreGroupsCreate({
    groupRequest: { name: uniqueName("child"), parents: [parent.pk], users: [member.pk] },
  });
  expect(child.users).toEqual([member.pk]);
  expect(child.parents).toEqual([parent.pk]);
  expect(child.usersObj?.map((user) => user.username)).toEqual([member.username]);
  expect((await api.coreGroupsRetrieve({ groupUuid: parent.pk, includeChildren: true })).children).toEqual([child.pk]);

  await api.coreGroupsRemoveUserCreate({ groupUuid: child.pk, userAccountRequest: { pk: member.pk } });
  expect((await api.coreGroupsRetrieve({ groupUuid: child.pk })).users).toEqual([]);
  await api.coreGroupsAddUserCreate({ groupUuid: child.pk, userAccountRequest: { pk: member.pk } });
  expect((await api.coreGroupsList({ membersByPk: [member.pk] })).results.map((group) => group.pk)).toEqual([child.pk]);

  const cycle = await failure(
    api.coreGroupsPartialUpdate({ groupUuid: parent.pk, patchedGroupRequest: { parents: [child.pk] } }),
  );
  expect(cycle.status).toBe(400);
  expect(cycle.body.parents).toEqual(["A group cannot be its own parent or the child of one of its descendants."]);

  await api.coreGroupsDestroy({ groupUuid: child.pk });
  expect((await failure(api.coreGroupsRetrieve({ groupUuid: child.pk }))).status).toBe(404);
});

test("tokens: the key is returned once, authenticates, can be revoked; non-admins see only their own", async ({
  baseURL,
  request,
}) => {
  const api = core(baseURL);
  const owner = await api.coreUsersCreate({ userRequest: { username: uniqueName("owner"), name: "" } });
  const identifier = uniqueName("tok");
  const createdResponse = await request.post("/api/v3/core/tokens/", {
    headers: adminAuth,
    data: { identifier, user: owner.pk, intent: "api", description: "ci", expiring: false },
  });
  expect(createdResponse.status()).toBe(201);
  const created = await createdResponse.json();
  expect(created.key.length).toBeGreaterThanOrEqual(40);
  expect(created.user_obj.username).toBe(owner.username);

  const ownerApi = core(baseURL, created.key);
  expect((await ownerApi.coreUsersMeRetrieve()).user.username).toBe(owner.username);
  expect((await ownerApi.coreTokensList({})).results.map((token) => token.identifier)).toEqual([identifier]);
  const ownersOwn = await ownerApi.coreTokensCreate({
    tokenRequest: { identifier: uniqueName("own"), intent: IntentEnum.Api },
  });
  expect(ownersOwn.user).toBe(owner.pk);
  expect((await failure(ownerApi.coreUsersList({}))).status).toBe(403);
  expect((await failure(ownerApi.coreTokensRetrieve({ identifier: "herald-bootstrap-token" }))).status).toBe(404);
  const forOthers = await failure(
    ownerApi.coreTokensCreate({ tokenRequest: { identifier: uniqueName("x"), user: 1 } }),
  );
  expect(forOthers.body.user).toEqual(["You can only create tokens for yourself."]);

  const viewKey = await failure(api.coreTokensViewKeyRetrieve({ identifier }));
  expect(viewKey.status).toBe(403);
  expect(String(viewKey.body.detail)).toMatch(/shown once/);
  expect((await api.coreTokensRetrieve({ identifier })).identifier).toBe(identifier);

  const revoked = await request.post(`/api/v3/core/tokens/${identifier}/revoke/`, { headers: adminAuth });
  expect((await revoked.json()).status).toBe("revoked");
  const refused = await request.get("/api/v3/core/users/me/", { headers: { authorization: `Bearer ${created.key}` } });
  expect(refused.status()).toBe(401);
  expect((await refused.json()).detail).toBe("Token invalid or revoked.");
});

test("an expired token gets 401 with a clear detail", async ({ baseURL, request }) => {
  const owner = await core(baseURL).coreUsersCreate({ userRequest: { username: uniqueName("exp"), name: "" } });
  const response = await request.post("/api/v3/core/tokens/", {
    headers: adminAuth,
    data: {
      identifier: uniqueName("exp"),
      user: owner.pk,
      expiring: true,
      expires: new Date(Date.now() + 1500).toISOString(),
    },
  });
  const { key } = await response.json();
  await new Promise((resolve) => setTimeout(resolve, 1800));
  const expired = await request.get("/api/v3/core/users/me/", { headers: { authorization: `Bearer ${key}` } });
  expect(expired.status()).toBe(401);
  expect(await expired.json()).toMatchObject({ detail: "Token has expired." });
});

for (const family of ["users", "groups", "tokens"] as const) {
  test(`${family}: malformed JSON, wrong types, oversized bodies and anonymous requests are clear 4xx`, async ({
    request,
  }) => {
    const url = `/api/v3/core/${family}/`;
    const malformed = await request.post(url, {
      headers: { ...adminAuth, "content-type": "application/json" },
      data: Buffer.from("{not json"),
    });
    expect(malformed.status()).toBe(400);
    expect((await malformed.json()).non_field_errors[0]).toMatch(/JSON parse error/);

    const wrongType = {
      users: { username: 42, name: "x" },
      groups: { name: ["x"] },
      tokens: { identifier: uniqueName("t"), expiring: "sometimes" },
    }[family];
    const typed = await request.post(url, { headers: adminAuth, data: wrongType });
    expect(typed.status()).toBe(400);
    const field = { users: "username", groups: "name", tokens: "expiring" }[family];
    expect(Object.keys(await typed.json())).toEqual([field]);

    const oversized = await request.post(url, { headers: adminAuth, data: { name: "x".repeat(1024 * 1024 + 10) } });
    expect(oversized.status()).toBe(400);
    expect((await oversized.json()).non_field_errors[0]).toMatch(/exceeds the limit/);

    const anonymous = await request.get(url);
    expect(anonymous.status()).toBe(401);
    expect(await anonymous.json()).toMatchObject({ detail: "Authentication credentials were not provided." });
  });
}
