import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { generatePassword, hashPassword, verifyPassword } from "./password";

describe("scrypt password hashing", () => {
  it("stores scheme, parameters, salt and hash, never the password", async () => {
    const stored = await hashPassword("correct horse battery staple");
    const [scheme, n, r, p, salt, hash] = stored.split("$");
    assert.deepEqual([scheme, n, r, p], ["scrypt", "32768", "8", "1"]);
    assert.equal(Buffer.from(salt, "base64").length, 16);
    assert.equal(Buffer.from(hash, "base64").length, 32);
    assert.doesNotMatch(stored, /horse/);
  });

  it("verifies the right password and rejects wrong ones", async () => {
    const stored = await hashPassword("s3cret-Pass");
    assert.equal(await verifyPassword("s3cret-Pass", stored), true);
    for (const wrong of ["s3cret-pass", "s3cret-Pass ", "", "s3cret-Pas"]) {
      assert.equal(await verifyPassword(wrong, stored), false, wrong);
    }
  });

  it("salts every hash", async () => {
    const [a, b] = await Promise.all([hashPassword("same"), hashPassword("same")]);
    assert.notEqual(a, b);
    assert.equal(await verifyPassword("same", a), true);
    assert.equal(await verifyPassword("same", b), true);
  });

  it("normalises Unicode (NFKC) so equivalent spellings match", async () => {
    const stored = await hashPassword("\uFB01le"); // "ﬁle" with the fi ligature
    assert.equal(await verifyPassword("file", stored), true);
    const composed = await hashPassword("caf\u00e9");
    assert.equal(await verifyPassword("cafe\u0301", composed), true);
  });

  it("verifies with the parameters stored in the hash, not the current defaults", async () => {
    const { scrypt } = await import("node:crypto");
    const salt = Buffer.from("0123456789abcdef");
    const hash = await new Promise<Buffer>((resolve, reject) =>
      scrypt("legacy", salt, 32, { N: 1024, r: 8, p: 1 }, (error, key) => (error ? reject(error) : resolve(key))),
    );
    const stored = ["scrypt", 1024, 8, 1, salt.toString("base64"), hash.toString("base64")].join("$");
    assert.equal(await verifyPassword("legacy", stored), true);
    assert.equal(await verifyPassword("other", stored), false);
  });

  it("rejects missing and malformed hashes", async () => {
    for (const stored of [
      null,
      undefined,
      "",
      "plaintext",
      "bcrypt$10$abc",
      "scrypt$32768$8$1$$",
      "scrypt$32768$8$1",
    ]) {
      assert.equal(await verifyPassword("anything", stored), false, String(stored));
    }
  });
});

describe("generatePassword", () => {
  it("makes 20 unambiguous characters by default, different each time", () => {
    const passwords = Array.from({ length: 50 }, () => generatePassword());
    for (const password of passwords) {
      assert.equal(password.length, 20);
      assert.match(password, /^[a-km-zA-HJ-NP-Z2-9]+$/);
      assert.doesNotMatch(password, /[0O1lI]/);
    }
    assert.equal(new Set(passwords).size, passwords.length);
    assert.equal(generatePassword(32).length, 32);
  });
});
