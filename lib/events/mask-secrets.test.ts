import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { isSecretKey, maskSecrets, maskSecretsInText, SECRET_MASK } from "./mask-secrets";

describe("isSecretKey", () => {
  const secret = [
    "password",
    "Password",
    "PASSWORD",
    "passwd",
    "pwd",
    "token",
    "api_key",
    "apiKey",
    "x-api-key",
    "secret",
    "client_secret",
    "clientSecret",
    "accessToken",
    "refresh_token",
    "Authorization",
    "set-cookie",
    "signature",
    "private_key",
    "otp",
    "csrftoken",
    "sessionid",
    "db_password",
    "dbpassword",
    "credentials",
    "jwt",
  ];
  const notSecret = [
    "passing",
    "password_change_date",
    "passwordChangeDate",
    "authorized_application",
    "goauthentik.io/x",
    "goauthentik.io/user/sources",
    "username",
    "name",
    "email",
    "token_expires",
    "key_id",
    "keyboard",
    "monkey",
    "passport",
    "author",
    "authentication_flow",
    "action",
    "",
    "---",
  ];
  for (const key of secret) it(`treats "${key}" as secret`, () => assert.equal(isSecretKey(key), true));
  for (const key of notSecret) it(`keeps "${key}" readable`, () => assert.equal(isSecretKey(key), false));
});

describe("maskSecrets", () => {
  it("masks with exactly 20 asterisks", () => {
    assert.equal(SECRET_MASK, "********************");
    assert.deepEqual(maskSecrets({ password: "hunter2" }), { password: SECRET_MASK });
  });

  it("masks secrets at any depth, inside lists of objects too", () => {
    const input = {
      user: { username: "alice", credentials: { password: "p", otp: "123456" } },
      requests: [{ headers: { Authorization: "Bearer abc", accept: "*/*" } }, { query: { token: "t1", page: 2 } }],
      a: { b: { c: { d: [{ e: { client_secret: "deep" } }] } } },
    };
    assert.deepEqual(maskSecrets(input), {
      user: { username: "alice", credentials: { password: SECRET_MASK, otp: SECRET_MASK } },
      requests: [
        { headers: { Authorization: SECRET_MASK, accept: "*/*" } },
        { query: { token: SECRET_MASK, page: 2 } },
      ],
      a: { b: { c: { d: [{ e: { client_secret: SECRET_MASK } }] } } },
    });
  });

  it("masks each element of a list under a secret key and keeps empty values", () => {
    assert.deepEqual(maskSecrets({ tokens: ["a", "b", null, ""], password: "", secret: null, api_key: undefined }), {
      tokens: [SECRET_MASK, SECRET_MASK, null, ""],
      password: "",
      secret: null,
      api_key: undefined,
    });
  });

  it("masks numbers and booleans under a secret key, not only strings", () => {
    assert.deepEqual(maskSecrets({ count: 1, otp: 123456, token: true }), {
      count: 1,
      otp: SECRET_MASK,
      token: SECRET_MASK,
    });
  });

  it("keeps the shape of a secret-keyed object but masks every leaf", () => {
    assert.deepEqual(maskSecrets({ secrets: { db: "x", nested: { api: "y" }, list: ["z"] } }), {
      secrets: { db: SECRET_MASK, nested: { api: SECRET_MASK }, list: [SECRET_MASK] },
    });
  });

  it("leaves non-secret keys and values untouched", () => {
    const input = {
      passing: true,
      password_change_date: "2024-01-01T00:00:00Z",
      authorized_application: { pk: "abc", name: "Grafana", app: "authentik_core" },
      "goauthentik.io/x": "value",
      messages: ["password is wrong"],
      count: 0,
    };
    assert.deepEqual(maskSecrets(input), input);
  });

  it("does not mutate the original, including lists", () => {
    const input = { password: "p", tokens: ["a"], nested: { secret: "s", list: [{ token: "t" }] } };
    const copy = structuredClone(input);
    const output = maskSecrets(input) as typeof input;
    assert.deepEqual(input, copy);
    assert.notEqual(output.tokens, input.tokens);
    assert.notEqual(output.nested.list[0], input.nested.list[0]);
  });

  it("passes scalars and null through", () => {
    for (const value of ["text", 3, true, null, undefined]) assert.equal(maskSecrets(value), value);
    assert.deepEqual(maskSecrets([{ password: "x" }, "y"]), [{ password: SECRET_MASK }, "y"]);
  });
});

describe("credentials inside values", () => {
  it("masks URL passwords and secret query parameters, and nothing else", () => {
    assert.deepEqual(
      maskSecrets({
        url: "https://user:pw@host/?token=x&page=2",
        dsn: "postgres://u:pw@db/x",
        note: "see http://host/path?q=1&api_key=abc#frag",
        plain: "a=b and mailto:x@y",
      }),
      {
        url: `https://user:${SECRET_MASK}@host/?token=${SECRET_MASK}&page=2`,
        dsn: `postgres://u:${SECRET_MASK}@db/x`,
        note: `see http://host/path?q=1&api_key=${SECRET_MASK}#frag`,
        plain: "a=b and mailto:x@y",
      },
    );
    assert.equal(
      maskSecretsInText("https://host/?password_change_date=2026"),
      "https://host/?password_change_date=2026",
    );
  });
});
