import assert from "node:assert/strict";
import { Writable } from "node:stream";
import { after, before, describe, it } from "node:test";
import { transports, users } from "@/db/schema";
import { errorResponse } from "@/lib/api/http";
import { testBackends } from "@/lib/testing/test-db";
import { createLogger } from "./logger";

const SIGNING_SECRET = "whsec_c2VjcmV0LXRoYXQtbXVzdC1uZXZlci1iZS1sb2dnZWQ=";
const PASSWORD_HASH = "scrypt$16384$8$1$c2FsdA$aGFzaC10aGF0LW11c3QtbmV2ZXItYmUtbG9nZ2Vk";

function capture() {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk, _encoding, done) {
      lines.push(String(chunk));
      done();
    },
  });
  return { logger: createLogger(stream), text: () => lines.join("") };
}

async function failedWrite(work: () => Promise<unknown>): Promise<unknown> {
  try {
    await work();
  } catch (error) {
    return error;
  }
  assert.fail("the write was expected to fail");
}

for (const backend of testBackends()) {
  describe(`logging a failed write (${backend.name})`, () => {
    let handle: Awaited<ReturnType<typeof backend.open>>;
    before(async () => {
      handle = await backend.open();
    });
    after(() => handle.dispose());

    it("keeps the statement and SQLSTATE but none of the values it was given", async () => {
      const { db } = handle;
      await db.insert(transports).values({ name: "dup", signingSecret: SIGNING_SECRET });
      await db.insert(users).values({ username: "dup", passwordHash: PASSWORD_HASH });
      const errors = [
        await failedWrite(() => db.insert(transports).values({ name: "dup", signingSecret: SIGNING_SECRET })),
        await failedWrite(() => db.insert(users).values({ username: "dup", passwordHash: PASSWORD_HASH })),
      ];
      // The driver's own message carries the values: the test would prove nothing otherwise.
      assert.match(String((errors[0] as Error).message), /whsec_/);
      const { logger, text } = capture();
      for (const err of errors) logger.error({ err }, "write failed");
      const output = text();
      assert.doesNotMatch(output, /whsec_|c2VjcmV0|scrypt\$|aGFzaC10aGF0/);
      assert.match(output, /insert into \\"notification_transports\\"/);
      assert.match(output, /23505/);
    });

    it("answers a client without the details and logs through the same serializer", async () => {
      const err = await failedWrite(() =>
        handle.db.insert(transports).values({ name: "dup", signingSecret: SIGNING_SECRET }),
      );
      const response = errorResponse(err);
      assert.equal(response.status, 500);
      assert.doesNotMatch(await response.text(), /whsec_|insert/);
    });
  });
}

describe("logger redaction", () => {
  it("masks secret-named fields at the top and one level down", () => {
    const { logger, text } = capture();
    logger.error(
      {
        password: "hunter2-top",
        transport: { name: "ops", signingSecret: "whsec_nested", webhookUrl: "https://hooks.example/T0/secretpath" },
        headers: { authorization: "Bearer abc.def" },
      },
      "record",
    );
    const output = text();
    assert.doesNotMatch(output, /hunter2-top|whsec_nested|secretpath|abc\.def/);
    assert.match(output, /"name":"ops"/, "the rest of the record is kept");
    assert.match(output, /\[redacted\]/);
  });
});
